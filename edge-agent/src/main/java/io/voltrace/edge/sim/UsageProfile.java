package io.voltrace.edge.sim;

import java.util.SplittableRandom;

/**
 * How a simulated owner uses the vehicle: two trips on most days, a longer one now and then, and a partial charge
 * whenever the displayed SOC runs low — plugged in after a while parked, unplugged at a target that is rarely 100 %.
 * The current while driving is a mean-reverting random process with regenerative braking.
 */
final class UsageProfile {
    enum Mode { PARKED, DRIVING, CHARGING }

    private static final double DAY = 86_400;

    private final SplittableRandom random;
    private final double nominalAh;
    private Mode mode = Mode.PARKED;
    private double modeEnds;          // seconds since start when the current mode ends (driving, parked-then-plug)
    private double tripMeanAmps;
    private double amps;
    private double chargeAmps;
    private double chargeTarget;
    private boolean plugPending;
    private int day = -1;
    private double[] departures = new double[0];
    private int nextDeparture;

    UsageProfile(SplittableRandom random, double nominalAh) {
        this.random = random;
        this.nominalAh = nominalAh;
    }

    Mode mode() {
        return mode;
    }

    /** The step length that resolves this mode: a second while current flows, a minute while parked. */
    double stepSeconds() {
        return mode == Mode.PARKED ? 60 : 1;
    }

    /**
     * Decides the current for the step starting at {@code t} (seconds since start), given the SOC the BMS shows,
     * the highest cell SOC (for the charger's taper) and the lowest (a car limps home before any cell is empty).
     */
    double currentAt(double t, double displayedSoc, double maxCellSoc, double minCellSoc) {
        planDay(t);
        switch (mode) {
            case PARKED -> {
                if (plugPending && t >= modeEnds) {
                    startCharging();
                } else if (nextDeparture < departures.length && t >= departures[nextDeparture]) {
                    nextDeparture++;
                    if (displayedSoc > 15) {
                        startTrip(t);
                    }
                }
            }
            case DRIVING -> {
                if (t >= modeEnds || displayedSoc < 10 || minCellSoc < 5) {
                    park(t, displayedSoc);
                }
            }
            case CHARGING -> {
                if (displayedSoc >= chargeTarget || maxCellSoc >= 99.8) {
                    mode = Mode.PARKED;
                    modeEnds = Double.MAX_VALUE;
                }
            }
        }
        return switch (mode) {
            case PARKED -> 0;
            case DRIVING -> driveAmps();
            case CHARGING -> chargeAmps * taper(maxCellSoc);
        };
    }

    private void planDay(double t) {
        int d = (int) (t / DAY);
        if (d == day) {
            return;
        }
        day = d;
        double base = d * DAY;
        boolean weekend = d % 7 >= 5;
        if (weekend) {
            departures = new double[]{base + hours(10 + 3 * random.nextDouble())};
        } else {
            departures = new double[]{
                    base + hours(6.8 + 1.2 * random.nextDouble()),
                    base + hours(16.8 + 2.0 * random.nextDouble())};
        }
        nextDeparture = 0;
    }

    private void startTrip(double t) {
        mode = Mode.DRIVING;
        boolean longTrip = random.nextDouble() < 0.15;
        modeEnds = t + 60 * (longTrip ? 70 + 60 * random.nextDouble() : 25 + 35 * random.nextDouble());
        tripMeanAmps = nominalAh * (0.25 + 0.35 * random.nextDouble());
        amps = -tripMeanAmps;
    }

    private double driveAmps() {
        // Ornstein–Uhlenbeck around the trip's mean draw; positive excursions are regenerative braking.
        amps += (-tripMeanAmps - amps) / 20.0 + 0.45 * nominalAh * PackModel.gaussian(random) / Math.sqrt(20);
        amps = PackModel.clamp(amps, -3.5 * nominalAh, 1.0 * nominalAh);
        return amps;
    }

    private void park(double t, double displayedSoc) {
        mode = Mode.PARKED;
        modeEnds = Double.MAX_VALUE;
        double threshold = 40 + 20 * random.nextDouble();
        plugPending = displayedSoc < threshold;
        if (plugPending) {
            modeEnds = t + 60 * (30 + 90 * random.nextDouble());
        }
    }

    private void startCharging() {
        plugPending = false;
        mode = Mode.CHARGING;
        chargeAmps = nominalAh * (0.2 + 0.35 * random.nextDouble());
        chargeTarget = random.nextDouble() < 0.15 ? 100 : 70 + 25 * random.nextDouble();
    }

    /** Constant current, then a taper as the fullest cell nears the top, as a CC–CV charger does. */
    private static double taper(double maxCellSoc) {
        return maxCellSoc < 90 ? 1 : Math.max(0.05, (100 - maxCellSoc) / 10);
    }

    private static double hours(double h) {
        return h * 3600;
    }
}
