package io.voltrace.edge.dbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code SG_} line, with what later sections add to it ({@code VAL_} choices, {@code SIG_VALTYPE_}, {@code CM_}).
 *
 * <p>Bit numbering follows the DBC file (and cantools): for {@link ByteOrder#INTEL} {@code startBit} is the least
 * significant bit, for {@link ByteOrder#MOTOROLA} it is the most significant bit, both counted as
 * {@code byte * 8 + bitInByte} with bit 0 the least significant bit of a byte.
 *
 * @param name              signal name
 * @param startBit          start bit as written in the DBC, 0..511
 * @param length            bit length, 1..64
 * @param byteOrder         {@code @1} Intel (little-endian) or {@code @0} Motorola (big-endian)
 * @param signed            {@code -}: two's complement; ignored for float value types
 * @param factor            physical = raw * factor + offset
 * @param offset            physical = raw * factor + offset
 * @param minimum           {@code [min|...]} as written (not enforced)
 * @param maximum           {@code [...|max]} as written (not enforced)
 * @param unit              unit text, never null
 * @param receivers         receiving nodes, {@code Vector__XXX} left out
 * @param multiplexer       {@code M}: this signal selects the page of the message
 * @param multiplexerValue  {@code mN}: present only when the multiplexer equals N; null when always present
 * @param multiplexerRanges the multiplexer values the signal is present for: {@code [N-N]} for {@code mN}, or the
 *                          ranges of {@code SG_MUL_VAL_}; empty when always present
 * @param choices           {@code VAL_} texts by raw value, in file order; empty when none
 * @param valueType         integer, or IEEE float32/float64 raw bits ({@code SIG_VALTYPE_})
 * @param comment           {@code CM_ SG_} text, or null
 * @param multiplexerSignal name of the signal whose value selects this one: the message's {@code M} signal, or
 *                          the switch named by {@code SG_MUL_VAL_} (extended multiplexing, where that switch may
 *                          itself be selected by another); null when the signal is not multiplexed, or when the
 *                          message has no multiplexer to select it (then it is never decoded)
 * @param attributes        {@code BA_ ... SG_} values set on this signal: Long for INT/HEX, Double for FLOAT, String
 *                          for STRING and ENUM; defaults are in {@link DbcDatabase#attributeDefinitions()}
 */
public record DbcSignal(
        String name,
        int startBit,
        int length,
        ByteOrder byteOrder,
        boolean signed,
        double factor,
        double offset,
        double minimum,
        double maximum,
        String unit,
        List<String> receivers,
        boolean multiplexer,
        Long multiplexerValue,
        List<MultiplexRange> multiplexerRanges,
        Map<Long, String> choices,
        ValueType valueType,
        String comment,
        String multiplexerSignal,
        Map<String, Object> attributes) {

    /** Largest payload (CAN FD) a signal may live in. */
    public static final int MAX_PAYLOAD_BYTES = 64;

    public enum ByteOrder {
        /** {@code @1}: little-endian, start bit is the LSB. */
        INTEL,
        /** {@code @0}: big-endian, start bit is the MSB (DBC sawtooth numbering). */
        MOTOROLA
    }

    public enum ValueType {
        INTEGER,
        /** Raw bits are an IEEE 754 binary32; the signal is 32 bits long. */
        FLOAT32,
        /** Raw bits are an IEEE 754 binary64; the signal is 64 bits long. */
        FLOAT64
    }

    /** Inclusive range of multiplexer values. */
    public record MultiplexRange(long from, long to) {
        public MultiplexRange {
            if (to < from) {
                throw new IllegalArgumentException("empty multiplexer range " + from + "-" + to);
            }
        }
    }

    public DbcSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(valueType, "valueType");
        if (length < 1 || length > 64) {
            throw new IllegalArgumentException("signal " + name + ": length " + length + " out of range 1..64");
        }
        if (startBit < 0 || startBit >= MAX_PAYLOAD_BYTES * 8) {
            throw new IllegalArgumentException("signal " + name + ": start bit " + startBit + " out of range 0..511");
        }
        if (valueType == ValueType.FLOAT32 && length != 32 || valueType == ValueType.FLOAT64 && length != 64) {
            throw new IllegalArgumentException("signal " + name + ": " + valueType + " needs "
                    + (valueType == ValueType.FLOAT32 ? 32 : 64) + " bits, has " + length);
        }
        if (multiplexerValue == null) {
            if (multiplexerRanges != null && !multiplexerRanges.isEmpty()) {
                throw new IllegalArgumentException("signal " + name + ": multiplexer ranges without mN");
            }
            if (multiplexerSignal != null) {
                throw new IllegalArgumentException("signal " + name + ": multiplexer signal without mN");
            }
            multiplexerRanges = List.of();
        } else if (multiplexerRanges == null || multiplexerRanges.isEmpty()) {
            multiplexerRanges = List.of(new MultiplexRange(multiplexerValue, multiplexerValue));
        } else {
            multiplexerRanges = List.copyOf(multiplexerRanges);
        }
        unit = unit == null ? "" : unit;
        receivers = receivers == null ? List.of() : List.copyOf(receivers);
        // Keep file order for display; Map.copyOf would scramble it.
        choices = choices == null || choices.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        attributes = attributes == null || attributes.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** True when the signal belongs to multiplex pages ({@code mN}, or {@code mNM} for a cascaded multiplexer). */
    public boolean isMultiplexed() {
        return multiplexerValue != null;
    }

    /**
     * True when this value of {@link #multiplexerSignal()} selects the signal (always true when not multiplexed).
     * With cascaded multiplexing the selecting signal must itself be present: see {@link DbcMessage#decode}.
     */
    public boolean isOnPage(long multiplexerRaw) {
        if (multiplexerValue == null) {
            return true;
        }
        for (MultiplexRange r : multiplexerRanges) {
            if (multiplexerRaw >= r.from() && multiplexerRaw <= r.to()) {
                return true;
            }
        }
        return false;
    }

    /** The {@code VAL_} text for a raw value, or null. */
    public String choice(long raw) {
        return choices.isEmpty() ? null : choices.get(raw);
    }

    /**
     * Number of payload bytes needed to hold this signal: a frame shorter than this does not carry it.
     */
    public int requiredBytes() {
        if (byteOrder == ByteOrder.INTEL) {
            return (startBit + length - 1) / 8 + 1;
        }
        return (motorolaMsbLinear() + length - 1) / 8 + 1;
    }

    /** Motorola MSB position counted from the first bit on the wire (bit 7 of byte 0 = 0). */
    int motorolaMsbLinear() {
        return (startBit & ~7) + (7 - (startBit & 7));
    }
}
