package io.voltrace.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of wire messages: readable with mosquitto_sub, strict on the way in. */
public final class WireCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WireCodec() {
    }

    public static byte[] encode(TelemetryBatch batch) {
        try {
            return MAPPER.writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TelemetryBatch decodeTelemetry(byte[] payload) throws WireFormatException {
        TelemetryBatch batch;
        try {
            batch = MAPPER.readValue(payload, TelemetryBatch.class);
        } catch (IOException e) {
            throw new WireFormatException("not a telemetry batch: " + firstLine(e.getMessage()), e);
        }
        if (batch.schema() != TelemetryBatch.SCHEMA_VERSION) {
            throw new WireFormatException("unknown schema version " + batch.schema()
                    + ", this receiver reads " + TelemetryBatch.SCHEMA_VERSION);
        }
        if (batch.samples().isEmpty()) {
            throw new WireFormatException("telemetry batch has no samples");
        }
        return batch;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
