package io.voltrace.edge.health;

import io.voltrace.common.chemistry.Chemistry;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent reports health evidence: insulation readings (how often, and when sooner), and, when the pack is
 * known, full-rate current steps and negative events.
 *
 * @param insulationInterval        at most one insulation reading per this much frame time while it is healthy
 * @param insulationWarnOhmsPerVolt a reading below this many ohms per volt of the present pack voltage is reported
 *                                  at once, whatever the interval; 0 turns the early report off
 * @param pack                      the pack, for full-rate evidence; null turns it off
 * @param stepInterval              at most one current step per this much frame time
 * @param bmsInterval               a changed BMS SOH or capacity is sent at most once per this much frame time
 */
public record HealthSettings(Duration insulationInterval, double insulationWarnOhmsPerVolt, Pack pack,
                             Duration stepInterval, Duration bmsInterval) {
    /** An hour: a BMS's SOH moves by tenths of a point a month, a jump within the hour is the same news. */
    public static final Duration BMS_INTERVAL = Duration.ofHours(1);
    /**
     * Ten minutes; and at once below 500 Ω/V, five times UN ECE R100's DC minimum of 100 Ω/V. No full-rate evidence
     * (the pack is not known); a current step every five minutes when it is.
     */
    public static final HealthSettings DEFAULTS = new HealthSettings(Duration.ofMinutes(10), 500, null,
            Duration.ofMinutes(5));

    /** With the default {@link #BMS_INTERVAL}. */
    public HealthSettings(Duration insulationInterval, double insulationWarnOhmsPerVolt, Pack pack,
                          Duration stepInterval) {
        this(insulationInterval, insulationWarnOhmsPerVolt, pack, stepInterval, BMS_INTERVAL);
    }

    /** The monitored pack, as the evidence extractor needs it. */
    public record Pack(Chemistry chemistry, double nominalAh, int cells) {
        public Pack {
            Objects.requireNonNull(chemistry, "chemistry");
            if (!(nominalAh > 0) || cells < 1) {
                throw new IllegalArgumentException("a pack needs a capacity > 0 Ah and at least one cell");
            }
        }
    }

    public HealthSettings {
        Objects.requireNonNull(insulationInterval, "insulationInterval");
        Objects.requireNonNull(stepInterval, "stepInterval");
        Objects.requireNonNull(bmsInterval, "bmsInterval");
        if (bmsInterval.isNegative()) {
            throw new IllegalArgumentException("BMS health interval must not be negative");
        }
        if (insulationInterval.isNegative() || insulationInterval.isZero()) {
            throw new IllegalArgumentException("insulation interval must be positive");
        }
        if (stepInterval.isNegative()) {
            throw new IllegalArgumentException("step interval must not be negative");
        }
        if (!(insulationWarnOhmsPerVolt >= 0) || Double.isInfinite(insulationWarnOhmsPerVolt)) {
            throw new IllegalArgumentException("insulation warning threshold must be ≥ 0 Ω/V");
        }
    }

    public HealthSettings withPack(Pack p) {
        return new HealthSettings(insulationInterval, insulationWarnOhmsPerVolt, p, stepInterval, bmsInterval);
    }
}
