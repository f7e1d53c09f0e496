package io.voltrace.analytics.grading;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import java.util.Arrays;

/**
 * The lowest cell's internal SOC loss per day over long rests, from {@link OcvDrift}s: SOC by the chemistry's OCV
 * curve at both ends, less the charge the counters saw leave through the terminals (a parasitic load is not
 * self-discharge).
 *
 * @param medianPercentPerDay  median over usable rests, or null when fewer than the policy's minimum
 * @param highestPercentPerDay highest of them, or null likewise
 * @param usableRests          rests that gave a reading
 * @param longRests            rests long enough to read at all
 * @param flatRests            of those, skipped because the OCV curve is too flat there
 * @param offCurveRests        of those, skipped because the voltage lies off the OCV curve
 * @param corrected            whether counted charge was taken out (needs the capacity)
 */
public record SelfDischarge(Double medianPercentPerDay, Double highestPercentPerDay, int usableRests, int longRests,
                            int flatRests, int offCurveRests, boolean corrected) {

    /** OCV readings this far outside the curve clamp to 0 or 100 % and say nothing about SOC. */
    private static final double OFF_CURVE_VOLTS = 0.010;

    /**
     * @param capacityAh pack capacity to convert counted charge into SOC, or null to leave it uncorrected
     */
    public static SelfDischarge measure(Chemistry chemistry, ScreenEvidence evidence, Double capacityAh,
                                        SelfDischargeLimits limits) {
        OcvCurve ocv = chemistry.ocv();
        double[] rates = new double[evidence.rests().size()];
        int usable = 0;
        int flat = 0;
        int offCurve = 0;
        int longRests = 0;
        for (RestEvidence r : evidence.rests()) {
            OcvDrift d = r.drift();
            if (d == null) {
                continue;
            }
            longRests++;
            if (offCurve(ocv, d.fromCellVolts()) || offCurve(ocv, d.toCellVolts())) {
                offCurve++;
                continue;
            }
            double from = ocv.socAt(d.fromCellVolts());
            double to = ocv.socAt(d.toCellVolts());
            if (Math.min(ocv.slopeAt(from), ocv.slopeAt(to)) < limits.minOcvSlopeVoltsPerPercent()) {
                flat++;
                continue;
            }
            double loss = from - to;
            if (capacityAh != null) {
                loss -= -d.netAh() / capacityAh * 100.0;
            }
            rates[usable++] = loss / d.days();
        }
        if (usable < limits.minRests() || usable == 0) {
            return new SelfDischarge(null, null, usable, longRests, flat, offCurve, capacityAh != null);
        }
        Arrays.sort(rates, 0, usable);
        double median = usable % 2 == 1 ? rates[usable / 2] : (rates[usable / 2 - 1] + rates[usable / 2]) / 2;
        return new SelfDischarge(median, rates[usable - 1], usable, longRests, flat, offCurve, capacityAh != null);
    }

    public boolean measured() {
        return medianPercentPerDay != null;
    }

    private static boolean offCurve(OcvCurve ocv, double volts) {
        return volts < ocv.minVolts() - OFF_CURVE_VOLTS || volts > ocv.maxVolts() + OFF_CURVE_VOLTS;
    }
}
