package io.voltrace.analytics.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.pack.Pack;
import io.voltrace.simulator.pack.PackSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The self-discharge screen on the physical simulator's telemetry, where every rest after a drive or a charge still
 * relaxes for hours (RC pairs of 60 s, 20 min and 2 h) and the current sensor has an offset. No constant of the screen
 * was set on these packs; each prints its reading (the figures in docs/validation.md).
 */
class SelfDischargeOnSimulatorTest {
    private static final GradingPolicy POLICY = GradingPolicy.defaults();
    /** The mean drain of a leak current around mid SOC over a day, ±: the OCV it drains at moves with the SOC. */
    private static final double LEAK_RATE_TOLERANCE = 0.15;
    /** The self-discharge finding of the last pack read. */
    private static Finding screened;

    /**
     * Packs without any internal short must pass and read near zero. Read alone, the lowest cell's OCV drop gave
     * these packs 3.29, −6.79 and −4.72 %/day (relaxation and the counted sensor offset): the first went to recovery.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'95 %, seed 42005, 23 °C', 95, 23, 42005",
            "'71 %, seed 42002, 14 °C', 71, 14, 42002",
            "'55 %, seed 42019, 12 °C (the demo''s worst pack''s SOH, size and seed)', 55, 12, 42019"})
    void relaxationAndSensorOffsetAreNotReadAsSelfDischarge(String name, double soh, double climateC, long seed) {
        PackSpec spec = new PackSpec(Chemistry.NMC, 96, 60, soh, climateC, seed);
        SelfDischarge sd = read(name, spec, 30, p -> { });

        assertThat(sd.measured()).isTrue();
        assertThat(sd.againstMean()).isTrue();
        assertThat(sd.medianPercentPerDay()).as("median, %%/day").isCloseTo(0, within(0.25));
        assertThat(sd.uncertaintyPercentPerDay()).as("stated uncertainty, %%/day").isBetween(0.01, 0.25);
        Finding f = screened;
        assertThat(f.effect()).isEqualTo(Finding.Effect.NONE);
        assertThat(f.reason()).matches("self-discharge of the lowest cell against the mean cell -?0\\.\\d\\d ± 0\\.\\d\\d"
                + " %/day \\(median of \\d+ rests of ≥ 6 h, highest -?0\\.\\d\\d\\) ≤ 2 %/day");
    }

    /**
     * A cell with an internal short (a resistance across it, simulator physics) must still be found, and its rate
     * read near the truth (its drain at the start; it falls as the cell empties). Read alone, the second pack's lowest
     * cell gave −3.44 %/day: its short went unseen.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'63 %, seed 42001, 60 Ω on cell 18', 63, 11, 42001, 60",
            "'71 %, seed 42002, 60 Ω on cell 18', 71, 14, 42002, 60"})
    void aCellWithAnInternalShortIsStillFound(String name, double soh, double climateC, long seed, double ohms) {
        PackSpec spec = new PackSpec(Chemistry.NMC, 96, 60, soh, climateC, seed);
        double[] truth = new double[1];
        SelfDischarge sd = read(name, spec, 12, pack -> {
            pack.leak(17, ohms);
            truth[0] = pack.leakAmps(17) * 24 / pack.meanCapacityAh() * 100;
        });

        System.out.printf(Locale.ROOT, "self-discharge on the simulator | %s | the short drains %.2f %%/day%n", name,
                truth[0]);
        assertThat(sd.medianPercentPerDay()).as("median against the %.2f %%/day the short drains", truth[0])
                .isCloseTo(truth[0], within(LEAK_RATE_TOLERANCE * truth[0]));
        Finding f = screened;
        assertThat(f.effect()).isEqualTo(Finding.Effect.RECOVERY);
        assertThat(f.reason()).contains("> 2 %/day: internal short suspected, material recovery");
    }

    private static SelfDischarge read(String name, PackSpec spec, double days, Consumer<Pack> fit) {
        List<PackSample> rows = SimulatedUse.of(spec, days, fit);
        ScreenEvidence evidence = ScreenEvidence.extract(rows, POLICY);
        SelfDischarge sd = SelfDischarge.measure(Chemistry.NMC, evidence, capacity(spec), POLICY.selfDischarge());
        screened = new SafetyScreen(POLICY).screen(Chemistry.NMC, evidence, PackConditions.none(), capacity(spec))
                .stream().filter(f -> f.reason().startsWith("self-discharge")).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "self-discharge on the simulator | %s | %.0f days | %s ± %s %%/day | %d rests%n",
                name, days, sd.measured() ? String.format(Locale.ROOT, "%.2f", sd.medianPercentPerDay()) : "—",
                sd.measured() ? String.format(Locale.ROOT, "%.2f", sd.uncertaintyPercentPerDay()) : "—",
                sd.usableRests());
        return sd;
    }


    private static double capacity(PackSpec spec) {
        return spec.nominalAh() * spec.trueSoh() / 100;
    }
}
