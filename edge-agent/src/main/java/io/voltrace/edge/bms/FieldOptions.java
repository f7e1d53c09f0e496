package io.voltrace.edge.bms;

import java.util.List;

/**
 * What every mapped field may add to its signal.
 *
 * @param scale      multiplies the DBC's physical value, for DBCs whose unit is not the model's (mV, 0.1 % per bit
 *                   written as factor 1, kOhm vs Ohm); 1 by default
 * @param offset     added after the scale, for DBCs whose offset is wrong; 0 by default
 * @param maxHz      take at most this many readings a second (per cell for indexed fields); 0 for every reading.
 *                   A reading is skipped when it comes sooner than 7/8 of 1/maxHz after the last one taken: the slack
 *                   keeps a signal sent at exactly maxHz from being halved by bus jitter
 * @param onChange   count a reading as an update only when its value differs from the held one
 * @param invalidRaw raw values that mean "not available" (e.g. 1023 for a 10-bit field); such readings are dropped
 */
public record FieldOptions(double scale, double offset, double maxHz, boolean onChange, List<Long> invalidRaw) {

    public static final FieldOptions DEFAULT = new FieldOptions(1, 0, 0, false, List.of());

    public FieldOptions {
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("scale " + scale + " must be finite and not 0");
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset " + offset + " must be finite");
        }
        if (!Double.isFinite(maxHz) || maxHz < 0) {
            throw new IllegalArgumentException("maxHz " + maxHz + " must be finite and not negative");
        }
        invalidRaw = List.copyOf(invalidRaw);
    }

    /** The shortest time between two taken readings, microseconds; 0 without a rate limit. */
    public long minIntervalMicros() {
        return maxHz == 0 ? 0 : (long) Math.floor(1e6 / maxHz * 7 / 8);
    }
}
