package io.voltrace.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.common.wire.WireFormatException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes and checks telemetry before it may reach the store: wire schema, plausible values with their units,
 * consistent extremes, coulomb counters that never run backwards, strictly increasing sample times that are
 * neither far ahead of this clock nor far behind it. A rejection names the field and sample index of the first
 * problem. NaN means "not measured" on the wire (the edge sends it for signals its BMS lacks) and passes; an
 * infinity does not. Stateless apart from its clock: thread-safe.
 */
public final class TelemetryValidator {
    private static final ObjectMapper TREE = new ObjectMapper();

    private final ValidationLimits limits;
    private final Clock clock;

    public TelemetryValidator(ValidationLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static TelemetryValidator withDefaults() {
        return new TelemetryValidator(ValidationLimits.defaults(), Clock.systemUTC());
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** Decodes a message payload and checks it. */
    public Verdict validate(byte[] payload) {
        TelemetryBatch batch;
        try {
            batch = WireCodec.decodeTelemetry(payload);
        } catch (WireFormatException e) {
            return undecodable(payload, e);
        }
        return check(batch);
    }

    /**
     * Decodes a payload and checks only its form (JSON, schema version, a device, at least one sample); the values
     * are {@link #check}ed after the caller's identity checks.
     */
    public Verdict decode(byte[] payload) {
        TelemetryBatch batch;
        try {
            batch = WireCodec.decodeTelemetry(payload);
        } catch (WireFormatException e) {
            return undecodable(payload, e);
        }
        if (batch.device() == null || batch.device().isEmpty()) {
            return Verdict.reject(RejectReason.MALFORMED, "device is missing");
        }
        return Verdict.accept(batch);
    }

    /** Checks an already decoded batch. */
    public Verdict check(TelemetryBatch batch) {
        if (batch.schema() != TelemetryBatch.SCHEMA_VERSION) {
            return Verdict.reject(RejectReason.UNSUPPORTED_SCHEMA, schemaDetail(batch.schema()));
        }
        if (batch.device() == null || batch.device().isEmpty()) {
            return Verdict.reject(RejectReason.MALFORMED, "device is missing");
        }
        if (batch.battery() == null || !BatteryCode.isValid(batch.battery())) {
            return Verdict.reject(RejectReason.UNKNOWN_BATTERY,
                    "battery '" + batch.battery() + "' is not a valid GB/T 34014 code");
        }
        // No samples is possible for a message that carries only cell snapshots (wire schema 2): nothing to check.
        List<PackSample> samples = batch.samples();
        long now = clock.millis();
        long latest = now + limits.maxAhead().toMillis();
        long earliest = now - limits.maxAge().toMillis();
        double lastCharged = Double.NaN;
        double lastDischarged = Double.NaN;
        for (int i = 0; i < samples.size(); i++) {
            PackSample s = samples.get(i);
            Rejection r = time(i, s.ts(), i == 0 ? Long.MIN_VALUE : samples.get(i - 1).ts(), now, latest, earliest);
            if (r == null) {
                r = firstOf(
                        range(i, "packVoltage", s.packVoltage(), limits.packVoltage()),
                        range(i, "packCurrent", s.packCurrent(), limits.packCurrent()),
                        range(i, "soc", s.soc(), limits.soc()),
                        range(i, "cellVoltageMin", s.cellVoltageMin(), limits.cellVoltage()),
                        range(i, "cellVoltageAvg", s.cellVoltageAvg(), limits.cellVoltage()),
                        range(i, "cellVoltageMax", s.cellVoltageMax(), limits.cellVoltage()),
                        range(i, "tempMin", s.tempMin(), limits.temperature()),
                        range(i, "tempMax", s.tempMax(), limits.temperature()),
                        counter(i, "ahCharged", s.ahCharged(), lastCharged),
                        counter(i, "ahDischarged", s.ahDischarged(), lastDischarged));
            }
            if (r == null) {
                r = firstOf(
                        order(i, "cellVoltageMin", s.cellVoltageMin(), "cellVoltageAvg", s.cellVoltageAvg(),
                                limits.cellVoltageTolerance(), "V"),
                        order(i, "cellVoltageAvg", s.cellVoltageAvg(), "cellVoltageMax", s.cellVoltageMax(),
                                limits.cellVoltageTolerance(), "V"),
                        order(i, "cellVoltageMin", s.cellVoltageMin(), "cellVoltageMax", s.cellVoltageMax(), 0, "V"),
                        order(i, "tempMin", s.tempMin(), "tempMax", s.tempMax(), 0, "°C"));
            }
            if (r != null) {
                return new Verdict(null, r);
            }
            if (!Double.isNaN(s.ahCharged())) {
                lastCharged = s.ahCharged();
            }
            if (!Double.isNaN(s.ahDischarged())) {
                lastDischarged = s.ahDischarged();
            }
        }
        return Verdict.accept(batch);
    }

    private Rejection time(int i, long ts, long previous, long now, long latest, long earliest) {
        if (i > 0 && ts <= previous) {
            return new Rejection(RejectReason.TIME_ORDER, String.format(Locale.ROOT,
                    "samples[%d].ts = %d is not after samples[%d].ts = %d (sample times must strictly increase)",
                    i, ts, i - 1, previous));
        }
        if (ts > latest) {
            return new Rejection(RejectReason.IN_FUTURE, String.format(Locale.ROOT,
                    "samples[%d].ts = %s is %s ahead of the receiver's clock (at most %s allowed)",
                    i, Instant.ofEpochMilli(ts), human(Duration.ofMillis(ts - now)), human(limits.maxAhead())));
        }
        if (ts < earliest) {
            String age;
            try {
                age = human(Duration.ofMillis(Math.subtractExact(now, ts)));
            } catch (ArithmeticException overflow) {
                age = "aeons";
            }
            return new Rejection(RejectReason.TOO_OLD, String.format(Locale.ROOT,
                    "samples[%d].ts = %s is %s old (at most %s accepted)",
                    i, Instant.ofEpochMilli(ts), age, human(limits.maxAge())));
        }
        return null;
    }

    private static Rejection range(int i, String field, double value, Range range) {
        if (Double.isNaN(value) || range.contains(value)) {
            return null;
        }
        if (Double.isInfinite(value)) {
            return new Rejection(RejectReason.OUT_OF_RANGE, String.format(Locale.ROOT,
                    "samples[%d].%s = %s is not a finite number", i, field, value));
        }
        return new Rejection(RejectReason.OUT_OF_RANGE, String.format(Locale.ROOT,
                "samples[%d].%s = %s %s is outside %s", i, field, value, range.unit(), range));
    }

    private static Rejection counter(int i, String field, double value, double previous) {
        if (Double.isNaN(value)) {
            return null;
        }
        if (Double.isInfinite(value) || value < 0) {
            return new Rejection(RejectReason.OUT_OF_RANGE, String.format(Locale.ROOT,
                    "samples[%d].%s = %s Ah: a cumulative counter must be a finite number >= 0", i, field, value));
        }
        if (value < previous) {
            return new Rejection(RejectReason.COUNTER_DECREASED, String.format(Locale.ROOT,
                    "samples[%d].%s = %s Ah is below the %s Ah of an earlier sample in the batch"
                            + " (cumulative counters never decrease)", i, field, value, previous));
        }
        return null;
    }

    private static Rejection order(int i, String lowField, double low, String highField, double high,
                                   double tolerance, String unit) {
        if (Double.isNaN(low) || Double.isNaN(high) || low <= high + tolerance) {
            return null;
        }
        return new Rejection(RejectReason.INCONSISTENT, String.format(Locale.ROOT,
                "samples[%d].%s = %s %s is above samples[%d].%s = %s %s", i, lowField, low, unit, i, highField, high,
                unit));
    }

    private static Rejection firstOf(Rejection... candidates) {
        for (Rejection r : candidates) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * Tells an unknown schema version from a payload that is not telemetry at all. The decoder knows which versions
     * exist (and says "unknown schema version" for others); any other failure is a malformed payload.
     */
    private static Verdict undecodable(byte[] payload, WireFormatException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("unknown schema version")) {
            try {
                JsonNode tree = TREE.readTree(payload);
                JsonNode schema = tree == null ? null : tree.get("schema");
                if (schema != null && schema.isIntegralNumber()) {
                    return Verdict.reject(RejectReason.UNSUPPORTED_SCHEMA, schemaDetail(schema.asInt()));
                }
            } catch (IOException notJson) {
                // Fall through: the decoder's message is the clearest we have.
            }
            return Verdict.reject(RejectReason.UNSUPPORTED_SCHEMA, message);
        }
        return Verdict.reject(RejectReason.MALFORMED, message);
    }

    private static String schemaDetail(int schema) {
        return "schema = " + schema + " is not supported by this receiver";
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s >= 2 * 86_400) {
            return (s / 86_400) + " d";
        }
        if (s >= 2 * 3600) {
            return (s / 3600) + " h";
        }
        if (s >= 120) {
            return (s / 60) + " min";
        }
        return d.toMillis() + " ms";
    }
}
