package io.voltrace.edge.diag;

import java.util.Locale;

/** What the vehicle is doing, which sets how often each diagnostic poll runs. */
public enum VehicleState {
    DRIVING, CHARGING, PARKED;

    /** The name used in poll definitions: {@code driving}, {@code charging}, {@code parked}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state the pack current suggests: charging above {@code thresholdAmps} into the pack, driving above it out
     * of the pack, parked in between (the model's current is positive when charging).
     */
    public static VehicleState fromCurrent(double amps, double thresholdAmps) {
        if (Double.isNaN(amps)) {
            return PARKED;
        }
        return amps > thresholdAmps ? CHARGING : amps < -thresholdAmps ? DRIVING : PARKED;
    }
}
