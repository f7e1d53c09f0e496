package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.passport.TelemetryTotals;
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
                List.of(), List.of(new RestEvidence(T0, T0 + 10 * 3_600_000L, 0.015625, drift)), null);
    }

    @Test
    void anOcvDriftKeepsItsMeanCell() {
        OcvDrift drift = new OcvDrift(T0 + 7_500_000L, T0 + 35_700_000L, 3.801, 3.795, -0.4, 3.852, 3.851);
        ReducedEvidence e = withDrift(drift);

        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void thePassportsTelemetryTotalsTravelInFullPrecision() {
        TelemetryTotals.Episodes hot = new TelemetryTotals.Episodes(2, true, 61.234567891, T0 + 3_600_000L);
        TelemetryTotals totals = new TelemetryTotals(1000, T0, 12_345.678901234, 4_567.891234567, 1, 10.5, 0.1,
                2.25, 0, 30, TelemetryTotals.Episodes.none(false), TelemetryTotals.Episodes.none(true), hot,
                new TelemetryTotals.Last(T0 + 86_400_000L, 355.123456789, -12.5, 61.7, 6_000.000001, 6_345.67, 12.5,
                        61.234567891));
        ReducedEvidence base = withDrift(null);
        ReducedEvidence e = new ReducedEvidence(base.samples(), base.lateSamples(), base.firstTs(), base.lastTs(),
                base.throughput(), base.segments(), base.rests(), base.steps(), base.events(), base.days(),
                base.screenRests(), totals);

        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(e))).isEqualTo(e);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(base)).telemetry()).isNull();
    }

    @Test
    void evidenceStoredBeforeTheMeanCellWasKeptIsStillRead() {
        OcvDrift drift = new OcvDrift(T0 + 7_500_000L, T0 + 35_700_000L, 3.801, 3.795, -0.4, 3.852, 3.851);
        byte[] v3 = EvidenceCodec.encode(withDrift(drift));
        // Version 2 wrote the same bytes without the telemetry totals (here absent: the last byte says so); version 1
        // also without the drift's two mean-cell readings (the 16 bytes before).
        byte[] v1 = Arrays.copyOf(v3, v3.length - 1 - 16);
        v1[0] = 1;

        ReducedEvidence old = EvidenceCodec.decode(v1);

        OcvDrift read = old.screenRests().get(0).drift();
        assertThat(read).isEqualTo(new OcvDrift(drift.fromTs(), drift.toTs(), 3.801, 3.795, -0.4));
        assertThat(read.hasMean()).isFalse();
        v1[0] = 4;
        assertThatThrownBy(() -> EvidenceCodec.decode(v1))
                .hasMessage("reduced evidence of version 4, this ingest reads 1 to 3");
    }
}
