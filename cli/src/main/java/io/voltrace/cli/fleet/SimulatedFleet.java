package io.voltrace.cli.fleet;

import io.voltrace.analytics.fleet.PackHistory;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.fleet.ResistancePoint;
import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.InsulationTest;
import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.simulator.fleet.FleetPack;
import io.voltrace.simulator.fleet.FleetSimulator;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/**
 * The simulator's fleet ({@link FleetSimulator}) in the analytics' terms: profile and SOH / resistance history, a
 * year of screening evidence, inspection findings as conditions, and the latest SOH as an estimate to grade. No
 * physics here: this only translates.
 */
public final class SimulatedFleet {

    /**
     * One simulated pack.
     *
     * @param history    profile and SOH / resistance history
     * @param evidence   the screening evidence
     * @param conditions inspection findings
     * @param latest     the latest SOH as an estimate, for grading
     */
    public record Member(PackHistory history, ScreenEvidence evidence, PackConditions conditions,
                         SohEstimate latest) {
    }

    private SimulatedFleet() {
    }

    /** See {@link FleetSimulator#generate}. */
    public static List<Member> generate(int packs, long seed, LocalDate asOf, int evidenceDays) {
        return FleetSimulator.generate(packs, seed, asOf, evidenceDays).stream()
                .map(p -> member(p, evidenceDays)).toList();
    }

    static Member member(FleetPack p, int evidenceDays) {
        PackProfile profile = new PackProfile(p.code(), p.model(), p.chemistry(), p.nominalAh(), p.cellsSeries(),
                p.commissioned(), p.climate());
        List<SohPoint> soh = p.soh().stream().map(r -> new SohPoint(r.ts(), r.sohPercent(), r.cycles())).toList();
        List<ResistancePoint> resistance = p.resistance().stream()
                .map(r -> new ResistancePoint(r.ts(), r.increasePercent())).toList();
        PackHistory history = new PackHistory(profile, new SohHistory(p.code(), p.beginOfLifeMs(), soh), resistance);

        PackConditions conditions = PackConditions.none();
        if (p.insulationOhms() != null) {
            conditions = conditions.withInsulation(new InsulationTest(p.insulationOhms(), p.testVolts()));
        }
        switch (p.finding()) {
            case THERMAL_EVENT -> conditions = conditions.withThermalEvents(1);
            case MECHANICAL_DAMAGE -> conditions = conditions.withFaults(EnumSet.of(Fault.MECHANICAL_DAMAGE));
            case BMS_FAULT -> conditions = conditions.withFaults(EnumSet.of(Fault.BMS_FAULT));
            default -> {
                // insulation, leaking and weak cells show in the evidence, not as a reported condition
            }
        }
        Double r = history.latestResistanceIncreasePercent();
        if (r != null) {
            conditions = conditions.withResistanceIncreasePercent(r);
        }
        FleetPack.SohReading last = p.latest();
        SohEstimate latest = SohEstimate.of(p.code(), p.nominalAh() * last.sohPercent() / 100, last.sohPercent(),
                0.8, 24, "simulated fleet reading");

        List<DayExtremes> days = p.days().stream().map(d -> new DayExtremes(d.dayStartMs(), 1440, d.minCellVolts(),
                d.minAt(), d.maxCellVolts(), d.maxAt(), d.maxTempC(), d.tempAt())).toList();
        List<RestEvidence> rests = p.rests().stream().map(x -> new RestEvidence(x.start(), x.end(),
                x.cellSpreadVolts(), x.drift() == null ? null : new OcvDrift(x.drift().from(), x.drift().to(),
                x.drift().fromVolts(), x.drift().toVolts(), x.drift().netAh()))).toList();
        long first = p.days().isEmpty() ? 0 : p.days().get(0).dayStartMs();
        long lastTs = first + evidenceDays * DayExtremes.DAY_MS - 60_000;
        ScreenEvidence evidence = new ScreenEvidence(evidenceDays * 1440, first, lastTs, days, rests);
        return new Member(history, evidence, conditions, latest);
    }
}
