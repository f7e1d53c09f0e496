package io.voltrace.ingest.validation;

import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.wire.EvidenceCodec;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.WireFormatException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Decodes and checks an edge evidence message ({@link HealthEvidence}) before it may be stored: wire form (schema,
 * the fields its type needs and no others), a valid battery code, a time neither far ahead of this clock nor older
 * than the store keeps, a pack voltage in the telemetry's range and a plausible insulation reading. Stateless apart
 * from its clock: thread-safe.
 */
public final class EvidenceValidator {
    /** 100 MΩ: insulation monitors top out far below this; more is a unit or encoding error. */
    static final double MAX_INSULATION_KOHM = 100_000;
    /** A cell's ohmic resistance is milliohms; a volt per ampere is a decoding error, not a cell. */
    static final double MAX_STEP_OHMS = 1;

    /** No traction pack is near 10,000 Ah (a bus pack is a few hundred): beyond it the BMS's figure is mis-scaled. */
    static final double MAX_BMS_CAPACITY_AH = 10_000;

    private final ValidationLimits limits;
    private final Clock clock;

    /** A decoded message, or why it was refused: exactly one of the two is set. */
    public record Result(HealthEvidence evidence, Rejection rejection) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    public EvidenceValidator(ValidationLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static EvidenceValidator withDefaults() {
        return new EvidenceValidator(ValidationLimits.defaults(), Clock.systemUTC());
    }

    /** Decodes a payload and checks its form only; the values are {@link #check}ed after the identity checks. */
    public Result decode(byte[] payload) {
        try {
            return new Result(EvidenceCodec.decode(payload), null);
        } catch (WireFormatException e) {
            String m = String.valueOf(e.getMessage());
            RejectReason reason = m.startsWith("unknown evidence schema") ? RejectReason.UNSUPPORTED_SCHEMA
                    : RejectReason.MALFORMED;
            return new Result(null, new Rejection(reason, m));
        }
    }

    /** Checks the values of a decoded message; null when it may be stored. */
    public Rejection check(HealthEvidence e) {
        if (!BatteryCode.isValid(e.battery())) {
            return new Rejection(RejectReason.UNKNOWN_BATTERY,
                    "battery '" + e.battery() + "' is not a valid GB/T 34014 code");
        }
        long now = clock.millis();
        if (e.ts() > now + limits.maxAhead().toMillis()) {
            return new Rejection(RejectReason.IN_FUTURE, "ts = " + Instant.ofEpochMilli(e.ts())
                    + " is ahead of the server clock by more than " + limits.maxAhead());
        }
        if (e.ts() < now - limits.maxAge().toMillis()) {
            return new Rejection(RejectReason.TOO_OLD, "ts = " + Instant.ofEpochMilli(e.ts())
                    + " is older than " + limits.maxAge().toDays() + " days");
        }
        if (e.packVoltage() != null && !limits.packVoltage().contains(e.packVoltage())) {
            return new Rejection(RejectReason.OUT_OF_RANGE, "packVoltage = " + e.packVoltage() + " V is outside "
                    + limits.packVoltage());
        }
        if (e.insulationKohm() != null && e.insulationKohm() > MAX_INSULATION_KOHM) {
            return new Rejection(RejectReason.OUT_OF_RANGE, "insulationKohm = " + e.insulationKohm()
                    + " kΩ is above " + (long) MAX_INSULATION_KOHM + " kΩ");
        }
        if (e.endTs() != null && e.endTs() > now + limits.maxAhead().toMillis()) {
            return new Rejection(RejectReason.IN_FUTURE, "endTs = " + Instant.ofEpochMilli(e.endTs())
                    + " is ahead of the server clock by more than " + limits.maxAhead());
        }
        if (e.extreme() != null) {
            boolean volts = e.name().equals("DEEP_DISCHARGE") || e.name().equals("OVER_VOLTAGE");
            Range range = volts ? limits.cellVoltage() : limits.temperature();
            Rejection r = range("extreme", e.extreme(), range);
            if (r != null) {
                return r;
            }
        }
        if (e.capacityAh() != null && e.capacityAh() > MAX_BMS_CAPACITY_AH) {
            return new Rejection(RejectReason.OUT_OF_RANGE, "capacityAh = " + e.capacityAh() + " Ah is above "
                    + (long) MAX_BMS_CAPACITY_AH + " Ah: check the poll definition's scale");
        }
        if (e.ohms() != null) {
            if (!(Math.abs(e.ohms()) <= MAX_STEP_OHMS)) {
                return new Rejection(RejectReason.OUT_OF_RANGE, "ohms = " + e.ohms() + " Ω per cell is beyond ±"
                        + MAX_STEP_OHMS + " Ω");
            }
            for (Rejection r : new Rejection[]{range("fromAmps", e.fromAmps(), limits.packCurrent()),
                    range("toAmps", e.toAmps(), limits.packCurrent()),
                    range("cellVolts", e.cellVolts(), limits.cellVoltage()),
                    e.tempC() == null ? null : range("tempC", e.tempC(), limits.temperature())}) {
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static Rejection range(String field, double value, Range range) {
        return range.contains(value) ? null : new Rejection(RejectReason.OUT_OF_RANGE,
                field + " = " + value + " is outside " + range);
    }
}
