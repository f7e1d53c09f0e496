package io.voltrace.analytics.grading;

import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the lowest cell of a synthetic pack lose charge internally while the pack is parked, as a cell with a soft
 * short does. The loss restarts with every drive (as if balancing caught up), so only the self-discharge screen sees
 * it, not a growing cell spread.
 */
final class LeakyCell {
    private LeakyCell() {
    }

    static List<PackSample> leak(List<PackSample> samples, OcvCurve ocv, double percentPerDay) {
        List<PackSample> out = new ArrayList<>(samples.size());
        long parkedSince = samples.get(0).ts();
        for (PackSample s : samples) {
            if (Math.abs(s.packCurrent()) >= 0.5) {
                parkedSince = s.ts();
            }
            double days = (s.ts() - parkedSince) / 86_400_000.0;
            double soc = ocv.socAt(s.cellVoltageMin()) - percentPerDay * days;
            double min = Math.round(ocv.voltsAt(Math.max(0, soc)) * 1000) / 1000.0;
            out.add(new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(), s.ahDischarged(),
                    Math.min(min, s.cellVoltageMin()), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(),
                    s.tempMax()));
        }
        return out;
    }
}
