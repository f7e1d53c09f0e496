package io.voltrace.simulator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.pack.Defects;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.usage.UsageProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryRunTest {
    private static final PackSpec SPEC = new PackSpec(Chemistry.NMC, 96, 100, 90, 20, 1);

    @Test
    void rowsAMinuteWithTheTruthBehindThem() {
        Telemetry t = TelemetryRun.of(SPEC).days(3).run();
        List<PackSample> rows = t.samples();
        assertThat(rows).hasSizeBetween(3 * 1440 - 5, 3 * 1440 + 1);
        assertThat(rows.get(0).ts()).isBetween(TelemetryRun.START_MS, TelemetryRun.START_MS + 600_000);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).ts()).isGreaterThan(rows.get(i - 1).ts());
        }
        assertThat(t.trueSohPercent()).isCloseTo(90, within(0.5));
        assertThat(t.trueCapacityAh()).isCloseTo(90, within(0.5));
        assertThat(t.bmsCapacityAh()).isGreaterThan(t.trueCapacityAh());
        assertThat(TelemetryRun.of(SPEC).days(3).run()).as("deterministic").isEqualTo(t);
    }

    @Test
    void dropoutLosesRowsButNotThePack() {
        List<PackSample> all = TelemetryRun.of(SPEC).days(2).run().samples();
        List<PackSample> lossy = TelemetryRun.of(SPEC).days(2).dropout(0.5).run().samples();
        assertThat(lossy.size()).isBetween((int) (0.45 * all.size()), (int) (0.55 * all.size()));
        assertThat(all).containsAll(lossy);
    }

    @Test
    void aParkedLoadLeavesNoRestOfTwentyMinutes() {
        List<PackSample> rows = TelemetryRun.of(SPEC).days(3)
                .habits(UsageProfile.Habits.typical().withParkedLoad(3)).run().samples();
        long quietSince = rows.get(0).ts();
        long longest = 0;
        for (PackSample s : rows) {
            if (Math.abs(s.packCurrent()) >= 0.5) {
                quietSince = s.ts();
            }
            longest = Math.max(longest, s.ts() - quietSince);
        }
        assertThat(longest).isLessThan(20 * 60_000L);
    }

    @Test
    void aWeakCellOpensTheSpreadAtRest() {
        double sound = maxRestSpread(TelemetryRun.of(SPEC).days(6).run().samples());
        double weak = maxRestSpread(TelemetryRun.of(SPEC).days(6).defects(Defects.none().withWeakCell(0.7)).run()
                .samples());
        assertThat(sound).isLessThan(0.05);
        assertThat(weak).isGreaterThan(0.1);
    }

    @Test
    void theOwnerChargesToFullAsOftenAsTheHabitsSay() {
        // The BMS shows 100 % only after a charge that ended in the CV taper (a rest re-anchor lands a few % off).
        List<PackSample> never = TelemetryRun.of(SPEC).days(20)
                .habits(UsageProfile.Habits.typical().withFullChargeShare(0)).run().samples();
        List<PackSample> always = TelemetryRun.of(SPEC).days(20)
                .habits(UsageProfile.Habits.typical().withFullChargeShare(1)).run().samples();
        assertThat(never.stream().mapToDouble(PackSample::soc).max().orElseThrow()).isLessThan(100);
        assertThat(always.stream().filter(s -> s.soc() == 100).count()).isGreaterThan(60);
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> TelemetryRun.of(SPEC).days(0)).hasMessageContaining("days");
        assertThatThrownBy(() -> TelemetryRun.of(SPEC).dropout(1)).hasMessageContaining("dropoutShare");
        assertThatThrownBy(() -> Defects.none().withWeakCell(0)).hasMessageContaining("weakCellCapacity");
    }

    private static double maxRestSpread(List<PackSample> rows) {
        double max = 0;
        long quietSince = rows.get(0).ts();
        for (PackSample s : rows) {
            if (Math.abs(s.packCurrent()) >= 0.5) {
                quietSince = s.ts();
            } else if (s.ts() - quietSince >= 30 * 60_000L) {
                max = Math.max(max, s.cellVoltageMax() - s.cellVoltageMin());
            }
        }
        return max;
    }
}
