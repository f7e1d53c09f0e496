package io.voltrace.analytics.sim;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.pack.Defects;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.Telemetry;
import io.voltrace.simulator.telemetry.TelemetryRun;
import io.voltrace.simulator.usage.UsageProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pack with a known true capacity for the analytics tests, from the one simulator (the {@code simulator} module's
 * {@link TelemetryRun}): 96 cells, 20 °C climate, thirty days, rows a minute. This class holds no physics: it names
 * the variations the tests need and caches runs, since many tests read the same pack.
 *
 * @param run       the simulation
 * @param peakTempC if not NaN, the temperature sensors report this for ten minutes from noon of day 2 (an excursion
 *                  injected into the stored rows, as a test of the screens, not simulated heat)
 */
public record SimulatedPack(TelemetryRun run, double peakTempC) {
    public static final long START_MS = TelemetryRun.START_MS;
    private static final Map<TelemetryRun, Telemetry> RUNS = new ConcurrentHashMap<>();

    /** Thirty days of typical use, seed 1. */
    public static SimulatedPack of(Chemistry chemistry, double nominalAh, double sohPercent) {
        return new SimulatedPack(TelemetryRun.of(new PackSpec(chemistry, 96, nominalAh, sohPercent, 20, 1)),
                Double.NaN);
    }

    public SimulatedPack seed(long seed) {
        PackSpec s = run.spec();
        return with(run.withSpec(new PackSpec(s.chemistry(), s.cellsSeries(), s.nominalAh(), s.trueSoh(),
                s.climateC(), seed)));
    }

    public SimulatedPack days(double days) {
        return with(run.days(days));
    }

    /** Share of charging sessions that go to full (0: partial charges only). */
    public SimulatedPack fullCharges(double share) {
        return with(run.habits(run.habits().withFullChargeShare(share)));
    }

    /** A 3 A load two minutes in every ten while parked: the pack never rests 20 min. */
    public SimulatedPack restless() {
        return restless(3);
    }

    /** A load of {@code amps} two minutes in every ten while parked. */
    public SimulatedPack restless(double amps) {
        return with(run.habits(UsageProfile.Habits.typical().withParkedLoad(amps)));
    }

    /** One cell with {@code fraction} of its pack-mates' capacity. */
    public SimulatedPack weakCell(double fraction) {
        return with(run.defects(Defects.none().withWeakCell(fraction)));
    }

    public SimulatedPack dropout(double share) {
        return with(run.dropout(share));
    }

    public SimulatedPack peakTemp(double celsius) {
        return new SimulatedPack(run, celsius);
    }

    public Telemetry telemetry() {
        return RUNS.computeIfAbsent(run, TelemetryRun::run);
    }

    public double trueCapacityAh() {
        return telemetry().trueCapacityAh();
    }

    public double trueSohPercent() {
        return telemetry().trueSohPercent();
    }

    public List<PackSample> samples() {
        List<PackSample> rows = telemetry().samples();
        if (Double.isNaN(peakTempC)) {
            return rows;
        }
        long from = START_MS + 86_400_000L + 12 * 3_600_000L;
        List<PackSample> out = new ArrayList<>(rows.size());
        for (PackSample s : rows) {
            boolean hot = s.ts() >= from && s.ts() < from + 600_000;
            out.add(hot ? new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(),
                    s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(),
                    peakTempC) : s);
        }
        return List.copyOf(out);
    }

    private SimulatedPack with(TelemetryRun r) {
        return new SimulatedPack(r, peakTempC);
    }
}
