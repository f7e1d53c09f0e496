package io.voltrace.analytics.rul;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A pack's state of health over time.
 *
 * @param battery       battery code
 * @param beginOfLifeTs when the pack entered service, epoch ms, or null when unknown; when known, equivalent cycles
 *                      are taken as counted from then, and square-root-of-age fade can be fitted
 * @param points        readings, kept in time order
 */
public record SohHistory(String battery, Long beginOfLifeTs, List<SohPoint> points) {

    public SohHistory {
        List<SohPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(SohPoint::ts));
        points = List.copyOf(sorted);
        if (beginOfLifeTs != null && !points.isEmpty() && points.get(0).ts() < beginOfLifeTs) {
            throw new IllegalArgumentException(battery + ": SOH reading before the pack's begin of life");
        }
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    public SohPoint last() {
        return points.get(points.size() - 1);
    }
}
