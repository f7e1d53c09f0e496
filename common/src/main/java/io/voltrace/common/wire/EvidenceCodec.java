package io.voltrace.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * JSON encoding of {@link HealthEvidence}: strict on the way in (unknown fields, a wrong schema or a field that does
 * not belong to the type are errors), so a receiver stores only what it understands.
 */
public final class EvidenceCodec {
    // Absent fields read as null (or 0 for schema and ts): check() then names what is missing.
    /** Fault flag names as the edge's signal mappings allow them. */
    /**
     * The highest SOH a BMS message may state. BMSs do report above 100 % (a fresh pack, a wrong scaling): kept as
     * said, since the point is to show the BMS's figure beside voltrace's; beyond this it is an encoding error.
     */
    static final double MAX_BMS_SOH = 200;
    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // A number must be a JSON number: "355.2" is a device bug or a probe, not a reading (#16).
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    private EvidenceCodec() {
    }

    public static byte[] encode(HealthEvidence evidence) {
        try {
            return MAPPER.writeValueAsBytes(evidence);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and checks one evidence message.
     *
     * @throws WireFormatException naming the field and what is wrong with it
     */
    public static HealthEvidence decode(byte[] payload) throws WireFormatException {
        if (WireFormat.detect(payload) != WireFormat.JSON) {
            throw new WireFormatException("not an evidence message: evidence is JSON"
                    + (payload == null || payload.length == 0 ? " (empty payload)" : ""));
        }
        HealthEvidence e;
        try {
            e = MAPPER.readValue(payload, HealthEvidence.class);
        } catch (IOException ex) {
            throw new WireFormatException("not an evidence message: " + firstLine(ex.getMessage()), ex);
        }
        check(e);
        return e;
    }

    /** Checks the fields a message of its type must have, and that it has no others. */
    public static void check(HealthEvidence e) throws WireFormatException {
        if (e.schema() != HealthEvidence.SCHEMA_VERSION) {
            throw new WireFormatException("unknown evidence schema version " + e.schema() + ", this receiver reads "
                    + HealthEvidence.SCHEMA_VERSION);
        }
        if (e.device() == null || e.device().isBlank()) {
            throw new WireFormatException("evidence lacks device");
        }
        if (e.battery() == null || e.battery().isBlank()) {
            throw new WireFormatException("evidence lacks battery");
        }
        if (e.ts() <= 0) {
            throw new WireFormatException("evidence ts must be epoch milliseconds > 0, got " + e.ts());
        }
        if (e.type() == null) {
            throw new WireFormatException("evidence lacks type (INSULATION, FAULT, NEGATIVE_EVENT, CURRENT_STEP or BMS_HEALTH)");
        }
        String type = e.type().name();
        switch (e.type()) {
            case INSULATION -> {
                if (e.insulationKohm() == null || !Double.isFinite(e.insulationKohm()) || e.insulationKohm() < 0) {
                    throw new WireFormatException("INSULATION needs insulationKohm ≥ 0, got " + e.insulationKohm());
                }
                if (e.packVoltage() != null && !(Double.isFinite(e.packVoltage()) && e.packVoltage() > 0)) {
                    throw new WireFormatException("INSULATION packVoltage must be > 0 V, got " + e.packVoltage());
                }
                onlyThese(e, type, e.name() == null && e.active() == null, step(e) || event(e) || bms(e));
            }
            case FAULT -> {
                if (e.name() == null || !FLAG.matcher(e.name()).matches()) {
                    throw new WireFormatException("FAULT needs a name of 1-64 letters, digits or '_', got "
                            + (e.name() == null ? "none" : "'" + e.name() + "'"));
                }
                if (e.active() == null) {
                    throw new WireFormatException("FAULT needs active (true raised, false cleared)");
                }
                onlyThese(e, type, true, insulation(e) || step(e) || event(e) || bms(e));
            }
            case NEGATIVE_EVENT -> {
                if (e.name() == null || !HealthEvidence.NEGATIVE_EVENT_KINDS.contains(e.name())) {
                    throw new WireFormatException("NEGATIVE_EVENT needs a name, one of "
                            + new java.util.TreeSet<>(HealthEvidence.NEGATIVE_EVENT_KINDS) + ", got "
                            + (e.name() == null ? "none" : "'" + e.name() + "'"));
                }
                if (e.endTs() == null || e.endTs() < e.ts()) {
                    throw new WireFormatException("NEGATIVE_EVENT needs endTs ≥ ts, got " + e.endTs());
                }
                finite("NEGATIVE_EVENT extreme", e.extreme());
                onlyThese(e, type, e.active() == null, insulation(e) || step(e) || bms(e));
            }
            case CURRENT_STEP -> {
                finite("CURRENT_STEP ohms", e.ohms());
                finite("CURRENT_STEP fromAmps", e.fromAmps());
                finite("CURRENT_STEP toAmps", e.toAmps());
                finite("CURRENT_STEP cellVolts", e.cellVolts());
                finite("CURRENT_STEP seconds", e.seconds());
                if (e.fromAmps().equals(e.toAmps())) {
                    throw new WireFormatException("CURRENT_STEP needs fromAmps ≠ toAmps");
                }
                if (!(e.seconds() > 0) || !(e.cellVolts() > 0)) {
                    throw new WireFormatException("CURRENT_STEP needs seconds > 0 and cellVolts > 0");
                }
                if (e.tempC() != null && !Double.isFinite(e.tempC())) {
                    throw new WireFormatException("CURRENT_STEP tempC must be a number when given");
                }
                onlyThese(e, type, e.name() == null && e.active() == null, insulation(e) || event(e) || bms(e));
            }
            case BMS_HEALTH -> {
                if (e.soh() == null && e.capacityAh() == null) {
                    throw new WireFormatException("BMS_HEALTH needs soh (percent) or capacityAh, or both");
                }
                if (e.soh() != null && !(Double.isFinite(e.soh()) && e.soh() >= 0 && e.soh() <= MAX_BMS_SOH)) {
                    throw new WireFormatException("BMS_HEALTH soh must be a percentage 0.." + (int) MAX_BMS_SOH
                            + ", got " + e.soh());
                }
                if (e.capacityAh() != null && !(Double.isFinite(e.capacityAh()) && e.capacityAh() > 0)) {
                    throw new WireFormatException("BMS_HEALTH capacityAh must be > 0 Ah, got " + e.capacityAh());
                }
                onlyThese(e, type, e.name() == null && e.active() == null, insulation(e) || event(e) || step(e));
            }
        }
    }

    private static boolean insulation(HealthEvidence e) {
        return e.insulationKohm() != null || e.packVoltage() != null;
    }

    private static boolean event(HealthEvidence e) {
        return e.endTs() != null || e.extreme() != null;
    }

    private static boolean bms(HealthEvidence e) {
        return e.soh() != null || e.capacityAh() != null;
    }

    private static boolean step(HealthEvidence e) {
        return e.ohms() != null || e.fromAmps() != null || e.toAmps() != null || e.seconds() != null
                || e.tempC() != null || e.cellVolts() != null;
    }

    /** A message carries the fields of its own type only. */
    private static void onlyThese(HealthEvidence e, String type, boolean ownOk, boolean foreign)
            throws WireFormatException {
        if (!ownOk || foreign) {
            throw new WireFormatException(type + " carries fields of another type (" + e + ")");
        }
    }

    private static void finite(String field, Double value) throws WireFormatException {
        if (value == null || !Double.isFinite(value)) {
            throw new WireFormatException(field + " must be a number, got " + value);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
