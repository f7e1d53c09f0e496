package io.voltrace.analytics.rul;

/**
 * One state-of-health reading in a pack's history.
 *
 * @param ts               when, epoch ms
 * @param sohPercent       capacity as percent of nominal
 * @param equivalentCycles full equivalent cycles by then (charge throughput / 2 × nominal capacity)
 */
public record SohPoint(long ts, double sohPercent, double equivalentCycles) {

    public SohPoint {
        if (!Double.isFinite(sohPercent) || !(sohPercent > 0) || !Double.isFinite(equivalentCycles)
                || equivalentCycles < 0) {
            throw new IllegalArgumentException(
                    "SOH must be positive and equivalent cycles ≥ 0, both finite: " + sohPercent + ", "
                            + equivalentCycles);
        }
    }
}
