package io.voltrace.ingest.store;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolTest {

    private static final String CODE = TestTelemetry.battery(1);

    private static TelemetryBatch batch(String device, PackSample... samples) {
        return new TelemetryBatch(1, device, CODE, 7, List.of(samples));
    }

    @Test
    void encodesOneLinePerSampleWithTagsFieldsAndMillis() {
        PackSample s = new PackSample(1_700_000_000_123L, 400.5, -12.25, 80, 1.5, 2.5, 3.9, 4.1, 4.0, 20, 1e-7);

        String lines = LineProtocol.encode(List.of(batch("edge-01", s, s)));

        String line = "pack_telemetry,battery=" + CODE + ",device=edge-01 pack_voltage=400.5,pack_current=-12.25,"
                + "soc=80.0,ah_charged=1.5,ah_discharged=2.5,cell_v_min=3.9,cell_v_max=4.1,cell_v_avg=4.0,"
                + "temp_min=20.0,temp_max=1.0E-7 1700000000123\n";
        assertThat(lines).isEqualTo(line + line);
    }

    @Test
    void leavesOutNonFiniteFieldsAndEmptySamples() {
        PackSample partial = new PackSample(5, Double.NaN, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY);
        PackSample empty = new PackSample(6, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        assertThat(LineProtocol.encode(List.of(batch("d", partial, empty))))
                .isEqualTo("pack_telemetry,battery=" + CODE + ",device=d pack_current=1.0 5\n");
    }

    @Test
    void escapesTagSeparatorsAndRefusesLineBreaks() {
        PackSample s = new PackSample(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);

        assertThat(LineProtocol.encode(List.of(batch("a b,c=d", s)))).contains(",device=a\\ b\\,c\\=d ");
        assertThatThrownBy(() -> LineProtocol.encode(List.of(batch("a\nb", s))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineProtocol.encode(List.of(batch("a\\", s))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesNothingForNoSamples() {
        assertThat(LineProtocol.encode(List.of())).isEmpty();
    }
}
