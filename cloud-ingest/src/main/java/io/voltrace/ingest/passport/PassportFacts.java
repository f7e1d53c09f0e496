package io.voltrace.ingest.passport;

import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.ingest.health.EdgeReduction;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import java.time.Instant;
import java.util.List;

/**
 * Everything voltrace holds about one battery that its passport draws on, gathered by {@link PassportService}.
 *
 * @param battery             the registered battery
 * @param events              its ledger, oldest first
 * @param originalCode        the code it was re-coded from, or null
 * @param originalEvents      the original code's ledger (empty unless re-coded)
 * @param assessment          the latest health assessment (of the original code when the re-coded one has none
 *                            yet), or null when the battery has not been assessed
 * @param firstAssessedAt     when the battery of {@code assessment} was first assessed (its history's first entry), or
 *                            null with no assessment
 * @param condition           what the stored telemetry gives (counters, SOC, self-discharge, negative events), or null
 *                            when no telemetry was read
 * @param edgeNegativeEvents  negative events the edge agent saw at full CAN rate, by kind, from its reduction
 * @param declaration         the declaration in force, or null
 * @param originalDeclaration the original code's declaration, or null
 * @param generatedAt         when the export is made
 */
record PassportFacts(BatteryRecord battery, List<LedgerEvent> events, String originalCode,
                     List<LedgerEvent> originalEvents, HealthAssessment assessment, Instant firstAssessedAt,
                     BatteryCondition condition, List<EdgeReduction.EventKind> edgeNegativeEvents, PassportDeclaration declaration,
                     PassportDeclaration originalDeclaration, Instant generatedAt) {

    PassportFacts {
        events = List.copyOf(events);
        originalEvents = List.copyOf(originalEvents);
        edgeNegativeEvents = List.copyOf(edgeNegativeEvents);
    }

    String code() {
        return battery.code();
    }
}
