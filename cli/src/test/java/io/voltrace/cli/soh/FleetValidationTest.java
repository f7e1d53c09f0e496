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
 * SOH against known truth on simulated packs with biased sensors and partial charges only: mean absolute error at
 * most 1 point. Rerun and print with {@code ./voltrace soh validate-fleet}.
 */
class FleetValidationTest {

    @Test
    void simulatedFleetWithBiasedSensorsIsWithinOnePointOnAverage() throws Exception {
        FleetValidation.Settings settings = new FleetValidation.Settings(8, 30, 1, 0.3, 0.002, 2);

        List<FleetValidation.PackResult> results = new FleetValidation().run(settings);

        StringWriter table = new StringWriter();
        FleetValidation.print(results, settings, new PrintWriter(table));
        System.out.print(table);
        double sumAbs = 0;
        for (FleetValidation.PackResult r : results) {
            SohEstimate e = r.evidence();
            assertThat(e.sufficient()).as("pack %d: %s", r.index(), e.insufficientReason()).isTrue();
            assertThat(r.learnedAmps()).as("pack %d learned offset", r.index()).isCloseTo(r.offsetAmps(),
                    within(0.05));
            assertThat(Math.abs(e.sohPercent() - r.trueSoh())).as("pack %d", r.index()).isLessThan(2.5);
            sumAbs += Math.abs(e.sohPercent() - r.trueSoh());
        }
        assertThat(sumAbs / results.size()).as("SOH mean absolute error, points").isLessThanOrEqualTo(1.0);
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
