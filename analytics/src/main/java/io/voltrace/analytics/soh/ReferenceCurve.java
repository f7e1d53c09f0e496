package io.voltrace.analytics.soh;

import io.voltrace.evidence.Segment;
import io.voltrace.evidence.VoltageCurve;
import java.util.List;
import java.util.Optional;

/**
 * The charge–voltage curve of a cell when new, at a known current, with the capacity it delivered: what partial
 * segments of the same cell are laid over later.
 *
 * @param curve         the reference curve
 * @param capacityAh    its capacity, full charge to cutoff
 * @param uncertaintyAh one-sigma uncertainty of that capacity
 * @param meanAmps      mean current it was taken at (charge positive)
 * @param tempC         its hottest temperature, or NaN
 */
public record ReferenceCurve(VoltageCurve curve, double capacityAh, double uncertaintyAh, double meanAmps,
                             double tempC) {

    public ReferenceCurve {
        if (curve == null || !(capacityAh > 0) || !(uncertaintyAh >= 0) || !Double.isFinite(meanAmps)) {
            throw new IllegalArgumentException("a reference curve needs a curve, a capacity and a current");
        }
    }

    /**
     * The earliest full discharge (from full charge to the cutoff, no current reversals) among {@code segments}, or
     * empty when there is none.
     */
    public static Optional<ReferenceCurve> firstFullDischarge(List<Segment> segments, double cutoffVolts,
                                                              FullDischargeEstimator full) {
        for (FullDischargeEstimator.Reading r : full.readings(segments, cutoffVolts)) {
            Segment s = r.segment();
            if (s.curve() != null && s.reversals() == 0) {
                return Optional.of(new ReferenceCurve(s.curve(), r.capacityAh(), r.uncertaintyAh(), s.meanAmps(),
                        s.maxTempC()));
            }
        }
        return Optional.empty();
    }
}
