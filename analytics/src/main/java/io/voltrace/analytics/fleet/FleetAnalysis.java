package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.recovery.PackEnergy;
import io.voltrace.analytics.recovery.RecoveryEstimate;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.common.chemistry.Chemistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Remaining life and recoverable metals for every pack of a fleet, beside whatever grades it has. */
public final class FleetAnalysis {
    private final RulEstimator rul;
    private final RecoveryEstimator recovery;

    public FleetAnalysis(RulEstimator rul, RecoveryEstimator recovery) {
        this.rul = rul;
        this.recovery = recovery;
    }

    /**
     * @param packs    the fleet
     * @param gradings gradings by battery code; packs without one are listed as not graded
     * @param grades   grades from elsewhere (e.g. an input file) by battery code, used when there is no grading
     */
    public List<PackAssessment> assess(List<PackHistory> packs, Map<String, Grading> gradings,
                                       Map<String, Grade> grades) {
        List<PackAssessment> out = new ArrayList<>(packs.size());
        for (PackHistory p : packs) {
            String code = p.profile().battery();
            Grading grading = gradings.get(code);
            Grade grade = grading != null ? grading.grade() : grades.get(code);
            out.add(new PackAssessment(p, rul.estimate(p.soh()), grade, grading, recoveryOf(p.profile())));
        }
        return out;
    }

    private RecoveryEstimate recoveryOf(PackProfile p) {
        if (p.chemistry() == Chemistry.LCO) {
            return null; // no traction cathode figures for LCO
        }
        var cathode = recovery.assumptions().cathodeFor(p.chemistry());
        return recovery.estimate(p.battery(), p.chemistry(),
                PackEnergy.fromNameplate(p.nominalAh(), p.cellsSeries(), cathode.nominalCellVolts()));
    }
}
