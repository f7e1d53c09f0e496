package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeReductionCodecTest {
    static final EdgeReduction FULL = new EdgeReduction(12, 2, 9_000,
            new EdgeReduction.Insulation(4, 8_000, 512.5, null, 3_000, 480.25),
            List.of(new EdgeReduction.FaultFlag("contactor_weld", 2, 1, 1_000,
                    List.of(new EdgeReduction.FaultEvent(1_000, true), new EdgeReduction.FaultEvent(2_000, false))),
                    new EdgeReduction.FaultFlag("isolation_fault", 0, 0, 0, List.of())),
            300, List.of(new EdgeReduction.Step(5_000, 0.00123456789, -2.5, -120.75, 0.1, 24.5, 3.712),
                    new EdgeReduction.Step(6_000, 0.0013, 0, -100, 0.1, null, 3.7)),
            List.of(new EdgeReduction.EventKind("DEEP_DISCHARGE", 3, 4_500, 2.81, 7_000)));

    @Test
    void everyFieldSurvivesTheRoundTripExactlyIncludingAbsentOnes() {
        assertThat(EdgeReductionCodec.decode(EdgeReductionCodec.encode(FULL))).isEqualTo(FULL);
        assertThat(EdgeReductionCodec.decode(EdgeReductionCodec.encode(EdgeReduction.empty())))
                .isEqualTo(EdgeReduction.empty());
    }

    @Test
    void aDamagedOrForeignRowIsNamedNotMisread() {
        byte[] bytes = EdgeReductionCodec.encode(FULL);
        assertThatThrownBy(() -> EdgeReductionCodec.decode(Arrays.copyOf(bytes, bytes.length - 5)))
                .hasMessageContaining("cut short or damaged");
        byte[] json = "{\"records\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EdgeReductionCodec.decode(json)).hasMessageContaining("format version");
    }
}
