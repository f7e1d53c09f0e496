package io.voltrace.simulator.usage;

import io.voltrace.simulator.cell.Gaussian;
import java.util.SplittableRandom;

/**
 * How a simulated owner uses the vehicle: two trips on most days, a longer one now and then, parked in between, and a
 * charging session whenever the displayed SOC runs low: plugged in after a while parked, unplugged at a target that is
 * rarely 100 %. Sessions are AC (one constant current), or DC fast charging in current steps that fall as the SOC
 * rises; a session to 100 % ends in the charger's constant-voltage taper. Decisions use only what the car knows: the
 * BMS's displayed SOC and measured cell voltages, never the truth.
 */
public final class UsageProfile {
    public enum Mode { PARKED, DRIVING, CHARGING }

    /**
     * What varies between owners.
     *
     * @param fullChargeShare share of charging sessions that go to full (the rest stop at 70–95 % displayed)
     * @param parkedLoadAmps  a load drawn while parked two minutes in every ten (a telematics unit or heater that never
     *                        sleeps, so the pack never rests long); 0 for none
     */
    public record Habits(double fullChargeShare, double parkedLoadAmps) {
        private static final Habits TYPICAL = new Habits(0.15, 0);

        public Habits {
            if (!(fullChargeShare >= 0 && fullChargeShare <= 1)) {
                throw new IllegalArgumentException("fullChargeShare must be in [0, 1], was " + fullChargeShare);
            }
            if (!(parkedLoadAmps >= 0)) {
                throw new IllegalArgumentException("parkedLoadAmps must be ≥ 0, was " + parkedLoadAmps);
            }
        }

        /** Most owners: one session in seven to full, nothing drawn while parked. */
        public static Habits typical() {
            return TYPICAL;
        }

        public Habits withFullChargeShare(double share) {
            return new Habits(share, parkedLoadAmps);
        }

        public Habits withParkedLoad(double amps) {
            return new Habits(fullChargeShare, amps);
        }
    }

    private static final double DAY = 86_400;

    private final SplittableRandom random;
    private final double nominalAh;
    private final Habits habits;
    private Mode mode = Mode.PARKED;
    private double modeEnds;
    private double tripMeanAmps;
    private double amps;
    private double chargeAmps;
    private double chargeTarget;
    private boolean stepped;
    private boolean plugPending;
    private boolean endedFull;
    private int day = -1;
    private double[] departures = new double[0];
    private int nextDeparture;

    public UsageProfile(SplittableRandom random, double nominalAh) {
        this(random, nominalAh, Habits.typical());
    }

    public UsageProfile(SplittableRandom random, double nominalAh, Habits habits) {
        this.random = random;
        this.nominalAh = nominalAh;
        this.habits = habits;
    }

    public Mode mode() {
        return mode;
    }

    /** The step that resolves this mode: a second while current flows, a minute while parked. */
    public double stepSeconds() {
        return mode == Mode.PARKED ? 60 : 1;
    }

    /**
     * The current the driver or charger asks for in the step starting at {@code t} (seconds since start), from the
     * displayed SOC and the lowest measured cell voltage (a car limps home before a cell is empty).
     */
    public double request(double t, int displayedSoc, double minCellVolts, double limpVolts) {
        planDay(t);
        endedFull = false;
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
                if (t >= modeEnds || displayedSoc < 10 || minCellVolts < limpVolts) {
                    park(t, displayedSoc);
                }
            }
            case CHARGING -> {
                if (displayedSoc >= chargeTarget) {
                    stopCharging();
                }
            }
        }
        return switch (mode) {
            case PARKED -> habits.parkedLoadAmps() > 0 && ((long) t % 600) >= 480 ? -habits.parkedLoadAmps() : 0;
            case DRIVING -> driveAmps();
            case CHARGING -> chargeAmps(displayedSoc);
        };
    }

    /**
     * What flowed after the pack's limits: a charge whose current the CV limit has pressed below C/20 is full and
     * the charger stops.
     */
    public void flowed(double actualAmps) {
        if (mode == Mode.CHARGING && actualAmps < 0.05 * nominalAh) {
            stopCharging();
            endedFull = true;
        }
    }

    /** True for the step in which a charge ended in its CV taper (the BMS then knows the pack is full). */
    public boolean endedFull() {
        return endedFull;
    }

    private void planDay(double t) {
        int d = (int) (t / DAY);
        if (d == day) {
            return;
        }
        day = d;
        double base = d * DAY;
        if (d % 7 >= 5) {
            departures = new double[]{base + hours(10 + 3 * random.nextDouble())};
        } else {
            departures = new double[]{base + hours(6.8 + 1.2 * random.nextDouble()),
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
        amps += (-tripMeanAmps - amps) / 20.0 + 0.45 * nominalAh * Gaussian.next(random) / Math.sqrt(20);
        amps = Math.max(-3.5 * nominalAh, Math.min(1.0 * nominalAh, amps));
        return amps;
    }

    private void park(double t, int displayedSoc) {
        mode = Mode.PARKED;
        modeEnds = Double.MAX_VALUE;
        plugPending = displayedSoc < 40 + 20 * random.nextDouble();
        if (plugPending) {
            modeEnds = t + 60 * (30 + 90 * random.nextDouble());
        }
    }

    private void startCharging() {
        plugPending = false;
        mode = Mode.CHARGING;
        stepped = random.nextDouble() < 0.3;
        chargeAmps = stepped ? nominalAh * (0.8 + 0.4 * random.nextDouble()) : nominalAh * (0.1 + 0.25 * random.nextDouble());
        chargeTarget = random.nextDouble() < habits.fullChargeShare() ? 101 : 70 + 25 * random.nextDouble();
    }

    private void stopCharging() {
        mode = Mode.PARKED;
        modeEnds = Double.MAX_VALUE;
    }

    /** DC fast charging steps its current down at 50 % and 75 % displayed SOC, as charging curves do. */
    private double chargeAmps(int displayedSoc) {
        if (!stepped) {
            return chargeAmps;
        }
        return displayedSoc < 50 ? chargeAmps : (displayedSoc < 75 ? 0.55 * chargeAmps : 0.3 * chargeAmps);
    }

    private static double hours(double h) {
        return h * 3600;
    }
}
