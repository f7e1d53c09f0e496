package io.voltrace.analytics.grading;

/**
 * One rest long enough for the cells to relax.
 *
 * @param startTs         first row of the rest, epoch ms
 * @param endTs           last row, epoch ms
 * @param cellSpreadVolts median of max − min cell voltage over the rest's relaxed rows
 * @param drift           lowest-cell OCV drift, or null when the rest was too short to read self-discharge
 */
public record RestEvidence(long startTs, long endTs, double cellSpreadVolts, OcvDrift drift) {

    public RestEvidence {
        if (endTs < startTs || !(cellSpreadVolts >= 0)) {
            throw new IllegalArgumentException("rest must not end before it starts, spread must be ≥ 0");
        }
    }
}
