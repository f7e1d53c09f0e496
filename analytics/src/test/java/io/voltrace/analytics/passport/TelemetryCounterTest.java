package io.voltrace.analytics.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryCounterTest {
    private final ConditionThresholds thresholds = new BatteryConditionBuilder(GradingPolicy.defaults(),
            TemperatureLimits.defaults()).thresholds(Chemistry.NMC);
    private final List<PackSample> samples = SimulatedPack.of(Chemistry.NMC, 100, 90).peakTemp(65).samples();

    @Test
    void countingOnFromSavedTotalsIsCountingInOneGo() {
        TelemetryCounter once = new TelemetryCounter(thresholds);
        samples.forEach(once::accept);

        TelemetryTotals saved = TelemetryTotals.none();
        int cut = samples.size() / 3;
        for (List<PackSample> part : List.of(samples.subList(0, cut), samples.subList(cut, 2 * cut),
                samples.subList(2 * cut, samples.size()))) {
            TelemetryCounter c = new TelemetryCounter(thresholds, saved);
            part.forEach(c::accept);
            saved = c.totals();
        }

        assertThat(saved).isEqualTo(once.totals());
        assertThat(saved.samples()).isEqualTo(samples.size());
        assertThat(saved.overTemperature().count()).isOne();
        assertThat(saved.throughputAh()).isPositive();
    }

    @Test
    void aSampleWithANonFiniteReadingIsLeftOutAndAnEarlierOneRefused() {
        TelemetryCounter c = new TelemetryCounter(thresholds);
        PackSample a = samples.get(10);
        PackSample b = samples.get(11);
        c.accept(a);
        assertThat(c.accept(new PackSample(b.ts(), b.packVoltage(), Double.NaN, b.soc(), b.ahCharged(),
                b.ahDischarged(), b.cellVoltageMin(), b.cellVoltageMax(), b.cellVoltageAvg(), b.tempMin(),
                b.tempMax()))).isFalse();
        assertThat(c.totals().samples()).isOne();
        assertThatThrownBy(() -> c.accept(samples.get(9))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("earlier than the last one counted");
    }
}
