package io.voltrace.edge.bms;

import java.util.List;

/**
 * What one DBC signal of one message feeds, with everything the sampler needs per reading precomputed: a plain
 * final class read on the hot path, never allocated there.
 */
final class Slot {
    static final Slot IGNORED = new Slot(BmsField.IGNORED, -1, 0, 1, FieldOptions.DEFAULT, List.of());

    final BmsField field;
    /** 0-based cell or sensor index, fault bit, or -1 (scalar field, or the value half of a pair). */
    final int index;
    /** For the number half of a pair: added to the rounded number. */
    final int indexOffset;
    /** Physical value times this plus {@link #offset} gives the model's unit (current's sign folded into both). */
    final double scale;
    final double offset;
    final long minIntervalMicros;
    final boolean onChange;
    private final long[] invalidRaw;
    /** Fault: raw values meaning active; empty for "not 0". */
    private final long[] activeRaw;

    /** @param sign -1 to flip a current whose DBC counts discharge as positive, else 1 */
    Slot(BmsField field, int index, int indexOffset, double sign, FieldOptions options, List<Long> activeRaw) {
        this.field = field;
        this.index = index;
        this.indexOffset = indexOffset;
        this.scale = sign * options.scale();
        this.offset = sign * options.offset();
        this.minIntervalMicros = options.minIntervalMicros();
        this.onChange = options.onChange();
        this.invalidRaw = options.invalidRaw().stream().mapToLong(Long::longValue).toArray();
        this.activeRaw = activeRaw.stream().mapToLong(Long::longValue).toArray();
    }

    boolean invalid(long raw) {
        for (long v : invalidRaw) {
            if (v == raw) {
                return true;
            }
        }
        return false;
    }

    boolean faultActive(long raw) {
        if (activeRaw.length == 0) {
            return raw != 0;
        }
        for (long v : activeRaw) {
            if (v == raw) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return field + (index >= 0 ? "[" + index + "]" : "");
    }
}
