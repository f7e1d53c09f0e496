package io.voltrace.cli.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.simulator.pack.PackSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SOH against known truth on packs from the independent simulator (own OCV curves, hysteresis, hour-scale relaxation,
 * sensor gain and offset) with further biased sensors and partial charges only. Seed 1 is one of the development seeds
 * 1–10 (docs/validation.md: the held-out figures come from seeds 21–23). On this seed the rest regression (capacity,
 * the pack's hysteresis gap and the relaxation of short rests fitted together) gives 0.26 points mean absolute error,
 * max 0.65, mean −0.15, 8 of 8 inside ±2σ (0.23 / 0.65 / −0.10 before rests under 10 % SOC were left out, #13). The same-branch pairing before it gave 1.34 points mean absolute error,
 * max 2.88, mean −1.32 on this seed, and failed these bounds. Rerun and print with {@code ./voltrace soh
 * validate-fleet}.
 */
class FleetValidationTest {

    @Test
    void independentSimulatedFleetIsWithinHalfAPointOnAverageWithoutBiasAndInsideTwoSigma() throws Exception {
        FleetValidation.Settings settings = new FleetValidation.Settings(8, 30, 1, 0.3, 0.002, 2);

        List<FleetValidation.PackResult> results = new FleetValidation().run(settings);

        StringWriter table = new StringWriter();
        FleetValidation.print(results, settings, new PrintWriter(table));
        System.out.print(table);
        double sumAbs = 0;
        double sum = 0;
        int inside = 0;
        for (FleetValidation.PackResult r : results) {
            SohEstimate e = r.evidence();
            assertThat(e.sufficient()).as("pack %d: %s", r.index(), e.insufficientReason()).isTrue();
            assertThat(r.learnedAmps()).as("pack %d learned offset", r.index())
                    .isCloseTo(r.offsetAmps() + r.sensorAmps(), within(0.15));
            double err = Math.abs(e.sohPercent() - r.trueSoh());
            assertThat(err).as("pack %d", r.index()).isLessThan(1.5);
            sumAbs += err;
            sum += e.sohPercent() - r.trueSoh();
            inside += err <= 2 * e.uncertaintyPercent() ? 1 : 0;
        }
        assertThat(sumAbs / results.size()).as("SOH mean absolute error, points").isLessThanOrEqualTo(0.6);
        assertThat(sum / results.size()).as("SOH mean error (bias), points").isBetween(-0.5, 0.5);
        assertThat(inside).as("packs inside their stated ±2σ").isGreaterThanOrEqualTo(7);
        assertThat(results.get(0).trueSoh()).isGreaterThan(99);
        assertThat(results.get(results.size() - 1).trueSoh()).isLessThan(61);
    }

    @Test
    void lfpOnPartialChargesIsInsufficientOrClose() throws Exception {
        PackSpec spec = new PackSpec(Chemistry.LFP, 96, 100, 85, 20, 77);

        FleetValidation.PackResult r = FleetValidation.runPack(ReferenceDbc.load(), 0, spec, 20, 0.3, 0.002);

        SohEstimate e = r.evidence();
        if (e.sufficient()) {
            assertThat(e.sohPercent()).isCloseTo(r.trueSoh(), within(3.0));
        } else {
            assertThat(e.insufficientReason()).contains("flat parts of the LFP OCV curve");
        }
    }
}
