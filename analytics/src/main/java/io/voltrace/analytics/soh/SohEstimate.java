package io.voltrace.analytics.soh;

/**
 * A pack's state of health, or the reason it could not be established. Capacity, SOH and uncertainty are all set or all
 * null: a figure from thin evidence would be read as a measurement, so thin evidence gives a reason instead.
 *
 * @param battery            battery code
 * @param capacityAh         estimated capacity, ampere-hours
 * @param sohPercent         capacity as percent of nominal
 * @param uncertaintyPercent one-sigma uncertainty of {@code sohPercent}, percentage points of nominal
 * @param segments           usable charge segments the estimate rests on (or found, when insufficient)
 * @param method             how the figure was obtained
 * @param insufficientReason why there is no figure; null when there is one
 */
public record SohEstimate(
        String battery,
        Double capacityAh,
        Double sohPercent,
        Double uncertaintyPercent,
        int segments,
        String method,
        String insufficientReason) {

    public SohEstimate {
        boolean hasFigure = capacityAh != null && sohPercent != null && uncertaintyPercent != null;
        boolean noFigure = capacityAh == null && sohPercent == null && uncertaintyPercent == null;
        if (insufficientReason == null ? !hasFigure : !noFigure) {
            throw new IllegalArgumentException(
                    "an estimate carries either capacity, SOH and uncertainty, or an insufficient-evidence reason");
        }
    }

    public static SohEstimate of(String battery, double capacityAh, double sohPercent, double uncertaintyPercent,
                                 int segments, String method) {
        return new SohEstimate(battery, capacityAh, sohPercent, uncertaintyPercent, segments, method, null);
    }

    public static SohEstimate insufficient(String battery, int segments, String method, String reason) {
        return new SohEstimate(battery, null, null, null, segments, method, reason);
    }

    public boolean sufficient() {
        return insufficientReason == null;
    }
}
