package io.voltrace.analytics.fleet;

/**
 * Internal resistance growth at one time.
 *
 * @param ts              when, epoch ms
 * @param increasePercent (R − R_BOL) / R_BOL × 100
 */
public record ResistancePoint(long ts, double increasePercent) {

    public ResistancePoint {
        if (!Double.isFinite(increasePercent)) {
            throw new IllegalArgumentException("resistance increase must be finite");
        }
    }
}
