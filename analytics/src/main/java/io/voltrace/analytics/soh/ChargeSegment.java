package io.voltrace.analytics.soh;

/**
 * Charge moved between two rest points and the SOC change their OCVs show; together they give one capacity reading.
 */
record ChargeSegment(RestPoint from, RestPoint to) {

    double deltaAh() {
        return to.netAh() - from.netAh();
    }

    double deltaSoc() {
        return to.soc() - from.soc();
    }

    double capacityAh() {
        return Math.abs(deltaAh()) / Math.abs(deltaSoc()) * 100.0;
    }

    /** Charge in with SOC up, or out with SOC down; otherwise the OCV or the counters are not to be believed. */
    boolean consistent() {
        return Math.signum(deltaAh()) == Math.signum(deltaSoc());
    }
}
