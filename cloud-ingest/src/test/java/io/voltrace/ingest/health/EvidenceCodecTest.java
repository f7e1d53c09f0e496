package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.evidence.Throughput;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceCodecTest {
    private static final long T0 = 1_767_225_600_000L;

    private static ReducedEvidence withDrift(OcvDrift drift) {
        Throughput t = new Throughput(10, 9, 3700, 3300, 0.2, 0, 0, 0, 0, 0, 0.01, 1000, 0, 0);
        // Measured values travel as floats: 0.015625 V (1/64) and the throughput figures are exact in one.
        return new ReducedEvidence(1000, 0, T0, T0 + 86_400_000L, t, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(new RestEvidence(T0, T0 + 10 * 3_600_000L, 0.015625, drift)));
    }

    @Test
    void anOcvDriftKeepsItsMeanCell() {
        OcvDrift drift = new OcvDrift(T0 + 7_500_000L, T0 + 35_700_000L, 3.801, 3.795, -0.4, 3.852, 3.851);
        ReducedEvidence e = withDrift(drift);

        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void evidenceStoredBeforeTheMeanCellWasKeptIsStillRead() {
        OcvDrift drift = new OcvDrift(T0 + 7_500_000L, T0 + 35_700_000L, 3.801, 3.795, -0.4, 3.852, 3.851);
        byte[] v2 = EvidenceCodec.encode(withDrift(drift));
        // Version 1 wrote the same bytes without the drift's two mean-cell readings (the stream's last 16 bytes).
        byte[] v1 = Arrays.copyOf(v2, v2.length - 16);
        v1[0] = 1;

        ReducedEvidence old = EvidenceCodec.decode(v1);

        OcvDrift read = old.screenRests().get(0).drift();
        assertThat(read).isEqualTo(new OcvDrift(drift.fromTs(), drift.toTs(), 3.801, 3.795, -0.4));
        assertThat(read.hasMean()).isFalse();
        v1[0] = 3;
        assertThatThrownBy(() -> EvidenceCodec.decode(v1))
                .hasMessage("reduced evidence of version 3, this ingest reads 1 to 2");
    }
}
