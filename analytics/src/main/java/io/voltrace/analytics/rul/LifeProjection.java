package io.voltrace.analytics.rul;

import java.util.List;

/**
 * Remaining life on one axis (days or equivalent cycles), or why there is none.
 *
 * @param unit               "days" or "equivalent cycles"
 * @param fit                the fade fit, null when insufficient
 * @param remaining          one entry per threshold, empty when insufficient
 * @param insufficientReason why no projection was made; null when there is one
 */
public record LifeProjection(String unit, FadeFit fit, List<Remaining> remaining, String insufficientReason) {

    public LifeProjection {
        remaining = List.copyOf(remaining);
        if ((insufficientReason == null) == (fit == null)) {
            throw new IllegalArgumentException("a projection has either a fit or an insufficient-history reason");
        }
    }

    static LifeProjection insufficient(String unit, String reason) {
        return new LifeProjection(unit, null, List.of(), reason);
    }

    public boolean sufficient() {
        return insufficientReason == null;
    }

    /** The entry for this threshold, or null. */
    public Remaining to(double thresholdPercent) {
        for (Remaining r : remaining) {
            if (r.thresholdPercent() == thresholdPercent) {
                return r;
            }
        }
        return null;
    }
}
