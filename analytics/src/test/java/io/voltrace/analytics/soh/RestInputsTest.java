package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The segments after the last rest began tell no rest's branch: the estimate from rests is the same without them, so
 * a service may keep it while only they change (an open drive or charge).
 */
class RestInputsTest {
    @Test
    void segmentsAfterTheLastRestDoNotChangeTheEstimate() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, 150, 80).seed(21);
        List<PackSample> samples = pack.samples();
        // Up to the middle of a drive on day 20, with the drive closed at the last sample.
        int end = 20 * 1440;
        while (Math.abs(samples.get(end).packCurrent()) < 5 || Math.abs(samples.get(end + 5).packCurrent()) < 5) {
            end++;
        }
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(ExtractorConfig.of(Chemistry.NMC, 150, 96), log);
        for (PackSample s : samples.subList(0, end + 5)) {
            x.accept(Point.of(s));
        }
        x.finish();

        RestInputs inputs = RestInputs.of(log);
        SohEstimate all = CapacityEstimator.defaults().estimateFromRests("P", Chemistry.NMC, 150, log.rests(),
                log.segments());
        SohEstimate kept = SohAssessor.defaults().restsEstimate("P", Chemistry.NMC, 150, inputs);

        assertThat(inputs.rests()).isEqualTo(log.rests());
        assertThat(inputs.segments()).hasSizeLessThan(log.segments().size());
        assertThat(all.sufficient()).as(all.insufficientReason()).isTrue();
        assertThat(kept).isEqualTo(all);
    }
}
