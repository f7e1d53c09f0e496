package io.voltrace.analytics.soh.model;

import io.voltrace.evidence.Direction;
import java.util.List;

/**
 * A cell type's window fits for one direction at one constant current.
 *
 * @param direction   charge or discharge
 * @param cRate       the constant current the fits were made at, as a multiple of the nominal capacity per hour
 * @param spanVolts   window width, volts per cell
 * @param windows     one fit per window position, lowest first
 */
public record WindowSet(Direction direction, double cRate, double spanVolts, List<WindowFit> windows) {

    public WindowSet {
        windows = List.copyOf(windows);
    }
}
