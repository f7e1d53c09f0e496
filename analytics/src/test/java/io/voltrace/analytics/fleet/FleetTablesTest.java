package io.voltrace.analytics.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.common.chemistry.Chemistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class FleetTablesTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    private final FleetAnalysis analysis = new FleetAnalysis(RulEstimator.defaults(),
            new RecoveryEstimator(RecoveryAssumptions.defaults()));

    private static PackHistory pack(String code, String model, Chemistry c, LocalDate commissioned, String climate,
                                    double... soh) {
        long bol = commissioned.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long last = AS_OF.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<SohPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < soh.length; i++) {
            points.add(new SohPoint(last - (soh.length - 1 - i) * 30 * 86_400_000L, soh[i], 20.0 * i + 100));
        }
        return new PackHistory(new PackProfile(code, model, c, 100, 96, commissioned, climate),
                new SohHistory(code, bol, points), List.of());
    }

    @Test
    void sohDistributionPerGroupFromKnownPacks() {
        List<PackHistory> fleet = List.of(
                pack("A1", "Aurora", Chemistry.NMC, LocalDate.of(2025, 6, 1), "hot", 92, 91),
                pack("A2", "Aurora", Chemistry.NMC, LocalDate.of(2021, 1, 1), "cold", 79, 78),
                pack("M1", "Metro", Chemistry.LFP, LocalDate.of(2019, 1, 1), "hot", 69, 68),
                pack("M2", "Metro", Chemistry.LFP, LocalDate.of(2023, 1, 1), "temperate"));
        List<PackAssessment> assessed = analysis.assess(fleet, Map.of(), Map.of("M1", Grade.RECOVERY));

        Table packs = FleetTables.packs(assessed, AS_OF);
        Table byModel = FleetTables.sohBy(packs, FleetTables.MODEL);
        Table byAge = FleetTables.sohBy(packs, FleetTables.AGE_BAND);

        assertThat(packs.rowCount()).isEqualTo(4);
        assertThat(packs.doubleColumn(FleetTables.SOH).isMissing().size()).isEqualTo(1);
        assertThat(packs.stringColumn(FleetTables.GRADE).asList())
                .containsExactly("not graded", "not graded", "RECOVERY", "not graded");
        assertThat(packs.stringColumn(FleetTables.AGE_BAND).asList()).containsExactly("<2 y", "4–6 y", "6–8 y", "2–4 y");
        assertThat(byModel.stringColumn(FleetTables.MODEL).asList()).containsExactly("Aurora", "Metro");
        assertThat(byModel.intColumn("packs").asList()).containsExactly(2, 1);
        assertThat(byModel.doubleColumn("meanSohPercent").get(0)).isCloseTo((91 + 78) / 2.0, within(1e-9));
        assertThat(byModel.intColumn("below80").asList()).containsExactly(1, 1);
        assertThat(byModel.intColumn("below70").asList()).containsExactly(0, 1);
        assertThat(byAge.rowCount()).isEqualTo(3);
        Table hist = FleetTables.sohHistogram(packs, 60, 10);
        assertThat(hist.intColumn("packs").asList()).containsExactly(1, 1, 0, 1);
        assertThat(FleetTables.gradeCounts(packs).intColumn("packs").asList()).containsExactly(1, 3);
        // LFP has no Ni, Co or Mn; the 100 Ah × 96 × 3.2 V LFP pack holds 0.09 kg Li per kWh at 90 % recovery.
        assertThat(packs.doubleColumn("recoverableNiKg").get(2)).isZero();
        assertThat(packs.doubleColumn("recoverableLiKg").get(2)).isCloseTo(0.09 * 30.72 * 0.9, within(1e-9));
    }
}
