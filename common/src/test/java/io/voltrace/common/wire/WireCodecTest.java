package io.voltrace.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    static TelemetryBatch batch() {
        return new TelemetryBatch(1, "veh-0001", "VTRPE96DEMO001T5C0000001", 3, List.of(
                new PackSample(1_700_000_000_000L, 355.2, -42.5, 61.3, 10.25, 12.5, 3.69, 3.71, 3.70, 21.0, 23.0),
                new PackSample(1_700_000_060_000L, 356.0, 0.0, 61.0, 10.25, 12.9, 3.70, 3.72, 3.71, 21.0, 23.5)));
    }

    @Test
    void roundTripsABatch() throws Exception {
        TelemetryBatch batch = batch();
        assertThat(WireCodec.decodeTelemetry(WireCodec.encode(batch))).isEqualTo(batch);
        assertThat(batch.points()).isEqualTo(2 * PackSample.POINTS);
    }

    @Test
    void aNumberSentAsAStringIsRefused() {
        String json = new String(WireCodec.encode(batch()), StandardCharsets.UTF_8);
        assertThat(json).contains("355.2");
        byte[] quoted = json.replaceFirst("355\\.2", "\"355.2\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WireCodec.decodeTelemetry(quoted)).isInstanceOf(WireFormatException.class);
        byte[] seqQuoted = json.replaceFirst("\"seq\":3", "\"seq\":\"3\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WireCodec.decodeTelemetry(seqQuoted)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void rejectsWhatIsNotABatchWithAReason() {
        assertThatThrownBy(() -> WireCodec.decodeTelemetry("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not a telemetry batch");
        String wrongSchema = new String(WireCodec.encode(batch()), StandardCharsets.UTF_8).replace("\"schema\":1", "\"schema\":9");
        assertThatThrownBy(() -> WireCodec.decodeTelemetry(wrongSchema.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown schema version 9");
        String missingField = new String(WireCodec.encode(batch()), StandardCharsets.UTF_8).replace("\"packVoltage\":355.2,", "");
        assertThatThrownBy(() -> WireCodec.decodeTelemetry(missingField.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("packVoltage");
        String empty = "{\"schema\":1,\"device\":\"d\",\"battery\":\"b\",\"seq\":0,\"samples\":[]}";
        assertThatThrownBy(() -> WireCodec.decodeTelemetry(empty.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no samples");
    }

    @Test
    void topicsCarryTheDeviceAndAVersion() {
        assertThat(Topics.telemetry("veh-1")).isEqualTo("voltrace/v1/veh-1/telemetry");
        assertThat(Topics.deviceOfTelemetry("voltrace/v1/veh-1/telemetry")).isEqualTo("veh-1");
        assertThat(Topics.deviceOfTelemetry("voltrace/v1/a/b/telemetry")).isNull();
        assertThat(Topics.deviceOfTelemetry("voltrace/v2/veh-1/telemetry")).isNull();
        assertThat(Topics.deviceOfTelemetry("voltrace/v1//telemetry")).isNull();
    }
}
