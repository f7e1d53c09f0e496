package io.voltrace.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encoding of wire messages. JSON by default: readable with mosquitto_sub, strict on the way in. Receivers take
 * either JSON or the compact binary encoding ({@link CompactCodec}) and tell them apart by the first bytes
 * ({@link WireFormat#detect}).
 */
public final class WireCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // A number must be a JSON number: "355.2" is a device bug or a probe, not a reading (#16).
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
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

    /** JSON schema 2: a batch with cell snapshots. */
    private record JsonWithCells(int schema, String device, String battery, long seq, List<PackSample> samples,
                                 List<CellSnapshot> cells) {
    }

    /** Encodes a full message as JSON: schema 1 (as {@link #encode(TelemetryBatch)}) without snapshots, else 2. */
    public static byte[] encode(PackTelemetry message) {
        return encode(message, WireFormat.JSON);
    }

    public static byte[] encode(PackTelemetry message, WireFormat format) {
        if (format == WireFormat.COMPACT) {
            return CompactCodec.encode(message);
        }
        if (message.cells().isEmpty()) {
            return encode(message.packBatch());
        }
        try {
            return MAPPER.writeValueAsBytes(new JsonWithCells(PackTelemetry.SCHEMA_WITH_CELLS, message.device(),
                    message.battery(), message.seq(), message.samples(), message.cells()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes any telemetry message: JSON schema 1 or 2, or compact.
     *
     * @throws WireFormatException naming what is wrong and where
     */
    public static PackTelemetry decode(byte[] payload) throws WireFormatException {
        WireFormat format = WireFormat.detect(payload);
        if (format == WireFormat.COMPACT) {
            return CompactCodec.decode(payload);
        }
        if (format == null) {
            throw new WireFormatException("not a telemetry batch: neither JSON nor the compact encoding"
                    + (payload == null || payload.length == 0 ? " (empty payload)" : ""));
        }
        int schema = jsonSchema(payload);
        if (schema != PackTelemetry.SCHEMA_WITH_CELLS) {
            return PackTelemetry.of(decodeJsonBatch(payload));
        }
        JsonWithCells m;
        try {
            m = MAPPER.readValue(payload, JsonWithCells.class);
        } catch (IOException e) {
            throw new WireFormatException("not a telemetry batch: " + firstLine(e.getMessage()), e);
        }
        if (m.samples() == null || m.cells() == null || m.device() == null || m.battery() == null) {
            throw new WireFormatException("schema 2 message lacks device, battery, samples or cells");
        }
        if (m.samples().isEmpty() && m.cells().isEmpty()) {
            throw new WireFormatException("telemetry message has neither samples nor cell snapshots");
        }
        return new PackTelemetry(m.device(), m.battery(), m.seq(), m.samples(), m.cells());
    }

    /**
     * The pack samples of any telemetry message (JSON schema 1 or 2, or compact), as a schema-1 batch: what the
     * time-series store takes. Cell snapshots, if any, are not part of the result; {@link #decode} keeps them.
     */
    public static TelemetryBatch decodeTelemetry(byte[] payload) throws WireFormatException {
        WireFormat format = WireFormat.detect(payload);
        if (format == WireFormat.COMPACT
                || format == WireFormat.JSON && jsonSchema(payload) == PackTelemetry.SCHEMA_WITH_CELLS) {
            return decode(payload).packBatch();
        }
        return decodeJsonBatch(payload);
    }

    /** The JSON "schema" number, or -1 when the payload is not a JSON object with an integer schema. */
    private static int jsonSchema(byte[] payload) {
        // Streamed, not parsed whole: encoders write "schema" first, so this reads a few tokens.
        try (JsonParser parser = MAPPER.getFactory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("schema".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                }
                parser.skipChildren();
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static TelemetryBatch decodeJsonBatch(byte[] payload) throws WireFormatException {
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
