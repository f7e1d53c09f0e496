package io.voltrace.analytics.soh;

import io.voltrace.analytics.soh.model.CellModel;
import io.voltrace.analytics.soh.model.ModelEstimator;
import io.voltrace.common.chemistry.Chemistry;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * State of health from a pack's evidence, by the surest method the evidence allows:
 * <ol>
 *   <li>full discharges, from full charge to the cutoff (a cycler's own capacity measurement);</li>
 *   <li>the surest of: a cell-type model's reading of constant-current windows (when a model is given), a log that
 *       begins under load in a discharge to the cutoff (start assumed full, {@link AssumedFullStart}), and charging
 *       sessions between anchored SOCs ({@link ChargeSessionEstimator}, when the caller passes the BMS's SOC
 *       readings, possibly none);</li>
 *   <li>partial constant-current segments matched against a reference curve of the same cell, when one is given;</li>
 *   <li>coulomb counting between relaxed rests, SOC from the chemistry's OCV curve, the pack's hysteresis gap and
 *       relaxation fitted over all of them ({@link RestRegression}), else chained pairs of rests on one hysteresis
 *       branch (rests outside 10–90 % SOC or on flat parts of the curve, all of LFP's, are skipped).</li>
 * </ol>
 * When none gives a figure, the estimate says so with every method's reason.
 */
public record SohAssessor(FullDischargeEstimator full, CurveMatchEstimator curves, CapacityEstimator rests) {

    public static SohAssessor defaults() {
        return new SohAssessor(FullDischargeEstimator.defaults(), CurveMatchEstimator.defaults(),
                CapacityEstimator.defaults());
    }

    /**
     * @param cutoffVolts the discharge cutoff that defines capacity (as the extractor was configured)
     * @param reference   the cell's curve when new, or null
     */
    public SohEstimate assess(String battery, Chemistry chemistry, double nominalAh, double cutoffVolts,
                              EvidenceLog log, ReferenceCurve reference) {
        return assess(battery, chemistry, nominalAh, cutoffVolts, log, reference, null);
    }

    /**
     * As above, with a cell-type model learned from aging data ({@code soh calibrate}), or null. After full
     * discharges, the model's reading of constant-current windows and a file that holds only a discharge begun under
     * load (start assumed full) are both tried; the one with the smaller uncertainty is given.
     */
    public SohEstimate assess(String battery, Chemistry chemistry, double nominalAh, double cutoffVolts,
                              EvidenceLog log, ReferenceCurve reference, CellModel model) {
        return assess(battery, chemistry, nominalAh, cutoffVolts, log, reference, model, null);
    }

    /**
     * As above, and with {@code bmsSoc} not null (empty when the log has no SOC column) charging sessions are read
     * too ({@link ChargeSessionEstimator}): the surest of the model, the assumed-full start and the sessions is given.
     */
    public SohEstimate assess(String battery, Chemistry chemistry, double nominalAh, double cutoffVolts,
                              EvidenceLog log, ReferenceCurve reference, CellModel model, List<SocReading> bmsSoc) {
        return assess(battery, chemistry, nominalAh, cutoffVolts, log, reference, model, bmsSoc, null);
    }

    /**
     * As above, with the estimate from rests given ({@link #restsEstimate} of {@link RestInputs} of the log, asked
     * for only when the methods before it give no figure), or null to make it here from all of the log's rests. It is
     * the costly part of an assessment (a fit over a grid of hysteresis and relaxation) and changes only when a rest
     * does, so a service makes it when the evidence is saved.
     */
    public SohEstimate assess(String battery, Chemistry chemistry, double nominalAh, double cutoffVolts,
                              EvidenceLog log, ReferenceCurve reference, CellModel model, List<SocReading> bmsSoc,
                              Supplier<SohEstimate> restsEstimate) {
        SohEstimate byFull = full.estimate(battery, nominalAh, cutoffVolts, log.segments());
        if (byFull.sufficient()) {
            return byFull;
        }
        SohEstimate byModel = model == null ? null
                : ModelEstimator.defaults().estimate(battery, nominalAh, model, log.segments());
        SohEstimate byAssumed = AssumedFullStart.defaults().estimate(battery, nominalAh, cutoffVolts,
                chemistry.ocv().maxVolts() - 0.02, chemistry.ocv(), log);
        SohEstimate bySession = bmsSoc == null ? null
                : ChargeSessionEstimator.defaults().estimate(battery, chemistry, nominalAh, log, bmsSoc);
        SohEstimate better = surer(surer(byModel, byAssumed), bySession);
        if (better != null) {
            return better;
        }
        SohEstimate byCurve = reference == null ? null
                : curves.estimate(battery, nominalAh, reference, log.segments());
        if (byCurve != null && byCurve.sufficient()) {
            return byCurve;
        }
        SohEstimate byRests = restsEstimate != null ? restsEstimate.get()
                : restsEstimate(battery, chemistry, nominalAh, RestInputs.of(log));
        if (byRests.sufficient()) {
            return byRests;
        }
        String reason = String.format(Locale.ROOT, "%s: %s; %s%s%s: %s; %s: %s", FullDischargeEstimator.METHOD,
                byFull.insufficientReason(), refusal(byAssumed), refusal(byModel) + refusal(bySession),
                CurveMatchEstimator.METHOD,
                byCurve == null ? "no reference curve given" : byCurve.insufficientReason(),
                CapacityEstimator.METHOD, byRests.insufficientReason());
        int found = Math.max(byFull.segments(), Math.max(byRests.segments(), byCurve == null ? 0 : byCurve.segments()));
        return SohEstimate.insufficient(battery, found, "none", reason);
    }

    /**
     * Coulomb counting between relaxed rests (the last method {@link #assess} tries): a function of the rests and the
     * segments before them only.
     */
    public SohEstimate restsEstimate(String battery, Chemistry chemistry, double nominalAh, RestInputs inputs) {
        return rests.estimateFromRests(battery, chemistry, nominalAh, inputs.rests(), inputs.segments());
    }

    /** The sufficient one of the two with the smaller uncertainty, or null. */
    private static SohEstimate surer(SohEstimate a, SohEstimate b) {
        boolean okA = a != null && a.sufficient();
        boolean okB = b != null && b.sufficient();
        if (okA && okB) {
            return a.uncertaintyPercent() <= b.uncertaintyPercent() ? a : b;
        }
        return okA ? a : okB ? b : null;
    }

    private static String refusal(SohEstimate e) {
        return e == null ? "" : e.method() + ": " + e.insufficientReason() + "; ";
    }
}
