package io.voltrace.analytics.fleet;

import io.voltrace.analytics.rul.SohHistory;
import java.util.Comparator;
import java.util.List;

/**
 * A pack's profile and its health over time.
 *
 * @param profile    the pack
 * @param soh        its SOH readings
 * @param resistance its resistance growth readings, time-ordered; empty when none
 */
public record PackHistory(PackProfile profile, SohHistory soh, List<ResistancePoint> resistance) {

    public PackHistory {
        resistance = resistance.stream().sorted(Comparator.comparingLong(ResistancePoint::ts)).toList();
        if (!profile.battery().equals(soh.battery())) {
            throw new IllegalArgumentException("SOH history of " + soh.battery() + " given for " + profile.battery());
        }
    }

    /** Latest resistance increase, or null. */
    public Double latestResistanceIncreasePercent() {
        return resistance.isEmpty() ? null : resistance.get(resistance.size() - 1).increasePercent();
    }
}
