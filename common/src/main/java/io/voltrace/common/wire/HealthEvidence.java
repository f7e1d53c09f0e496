package io.voltrace.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/**
 * One piece of health evidence or one safety event the edge took from the BMS, sent on {@link Topics#evidence} one
 * per message. Low volume and never dropped by the edge's spool, so the cloud's grading can rely on it. Which fields
 * are set depends on the type; the others are absent (null). {@link EvidenceCodec} checks the combination.
 *
 * @param schema         wire schema version ({@link #SCHEMA_VERSION}); receivers reject versions they do not know
 * @param device         the sending device's id (must match the MQTT identity)
 * @param battery        the GB/T 34014 code of the pack
 * @param ts             when it happened, epoch milliseconds (a negative event: when it began; a current step: its
 *                       second reading); with type and name it identifies the record, so a redelivered copy is
 *                       recognised
 * @param type           what it is
 * @param name           {@link Type#FAULT}: the fault flag's name from the signal mapping, e.g.
 *                       {@code isolation_fault}; {@link Type#NEGATIVE_EVENT}: its kind, one of
 *                       {@link #NEGATIVE_EVENT_KINDS}
 * @param active         {@link Type#FAULT}: true when the flag was raised, false when it cleared
 * @param insulationKohm {@link Type#INSULATION}: insulation resistance HV bus to chassis, kilo-ohms
 * @param packVoltage    {@link Type#INSULATION}: pack voltage at the reading, volts; null when not yet read
 * @param endTs          {@link Type#NEGATIVE_EVENT}: first reading out of the condition, epoch milliseconds
 * @param extreme        {@link Type#NEGATIVE_EVENT}: the worst value seen, volts (cell) or °C
 * @param ohms           {@link Type#CURRENT_STEP}: ΔV/ΔI per cell in series, ohms
 * @param fromAmps       {@link Type#CURRENT_STEP}: pack current before the step, charge positive
 * @param toAmps         {@link Type#CURRENT_STEP}: pack current after it
 * @param seconds        {@link Type#CURRENT_STEP}: time between the two readings
 * @param tempC          {@link Type#CURRENT_STEP}: hottest temperature at the step, or null when unknown
 * @param cellVolts      {@link Type#CURRENT_STEP}: mean cell voltage before the step (where on the curve it was)
 * @param soh            {@link Type#BMS_HEALTH}: the BMS's own state of health, percent, as it states it (kept beside
 *                       voltrace's estimate, never merged with it: a BMS may read 110 % or jump); null when it gave none
 * @param capacityAh     {@link Type#BMS_HEALTH}: the BMS's own usable-capacity estimate, ampere-hours; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthEvidence(int schema, String device, String battery, long ts, Type type, String name,
                             Boolean active, Double insulationKohm, Double packVoltage, Long endTs, Double extreme,
                             Double ohms, Double fromAmps, Double toAmps, Double seconds, Double tempC,
                             Double cellVolts, Double soh, Double capacityAh) {

    public static final int SCHEMA_VERSION = 1;

    /** Negative events as the battery regulation counts them (EU 2023/1542 Annex VII). */
    public static final Set<String> NEGATIVE_EVENT_KINDS = Set.of("DEEP_DISCHARGE", "OVER_VOLTAGE",
            "EXTREME_TEMPERATURE", "CHARGING_AT_EXTREME_TEMPERATURE");

    /** The kinds of evidence and events. */
    public enum Type {
        /** An insulation resistance reading of the BMS's insulation monitor. */
        INSULATION,
        /** A BMS fault flag was raised or cleared. */
        FAULT,
        /** A stretch of abuse seen at full CAN rate: deep discharge, over-voltage, extreme temperature. */
        NEGATIVE_EVENT,
        /** A sudden change of current and the voltage's answer, at full CAN rate: the ohmic resistance. */
        CURRENT_STEP,
        /** What the BMS itself says of the pack's health (its SOH and capacity), as polled or broadcast. */
        BMS_HEALTH
    }

    public static HealthEvidence insulation(String device, String battery, long ts, double kohm, Double packVoltage) {
        return new HealthEvidence(SCHEMA_VERSION, device, battery, ts, Type.INSULATION, null, null, kohm,
                packVoltage, null, null, null, null, null, null, null, null, null, null);
    }

    public static HealthEvidence fault(String device, String battery, long ts, String flag, boolean active) {
        return new HealthEvidence(SCHEMA_VERSION, device, battery, ts, Type.FAULT, flag, active, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public static HealthEvidence negativeEvent(String device, String battery, String kind, long startTs, long endTs,
                                               double extreme) {
        return new HealthEvidence(SCHEMA_VERSION, device, battery, startTs, Type.NEGATIVE_EVENT, kind, null, null,
                null, endTs, extreme, null, null, null, null, null, null, null, null);
    }

    public static HealthEvidence currentStep(String device, String battery, long ts, double ohms, double fromAmps,
                                             double toAmps, double seconds, Double tempC, double cellVolts) {
        return new HealthEvidence(SCHEMA_VERSION, device, battery, ts, Type.CURRENT_STEP, null, null, null, null,
                null, null, ohms, fromAmps, toAmps, seconds, tempC, cellVolts, null, null);
    }

    /** The BMS's own health figures; either may be null (not stated), not both. */
    public static HealthEvidence bmsHealth(String device, String battery, long ts, Double soh, Double capacityAh) {
        return new HealthEvidence(SCHEMA_VERSION, device, battery, ts, Type.BMS_HEALTH, null, null, null, null,
                null, null, null, null, null, null, null, null, soh, capacityAh);
    }
}
