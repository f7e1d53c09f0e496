package io.voltrace.ingest.health;

import io.voltrace.analytics.soh.RestInputs;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.ingest.registry.BatteryRecord;

/**
 * The estimates a reduction is saved with so that assessments do not make them again (V18, V20), each a function of
 * the evidence and the battery's nameplate only: the telemetry's resistance, made at every save (about a
 * millisecond), and the capacity estimate from rests, made only when its inputs ({@link #restInputs}: the rests that
 * ended and the segments before them) changed since the last save, else carried forward (a fit over a grid, some
 * milliseconds; its inputs change a few times a day, when a rest begins or ends). Both are made from the
 * evidence as stored, what an assessment decodes: the stored form rounds some figures, and the saved estimates must
 * be the ones an assessment would make.
 */
public final class ReductionEstimates {
    /** Whose estimate from rests is stored; a service assessing with other rest estimators makes its own. */
    static final SohAssessor STORED_BY = SohAssessor.defaults();

    private final byte[] resistance;
    private final RestInputs restInputs;
    private final byte[] restEstimate;

    private ReductionEstimates(byte[] resistance, RestInputs restInputs, byte[] restEstimate) {
        this.resistance = resistance;
        this.restInputs = restInputs;
        this.restEstimate = restEstimate;
    }

    /**
     * The estimates of {@code encodedEvidence} (as {@link EvidenceCodec#encode} gives it), the one from rests taken
     * over from {@code previous} (the last save's, or null) when its inputs are the same.
     */
    public static ReductionEstimates of(BatteryRecord battery, byte[] encodedEvidence, ReductionEstimates previous) {
        ReducedEvidence evidence = EvidenceCodec.decode(encodedEvidence);
        byte[] resistance = ResistanceCodec.encode(HealthService.telemetryResistance(battery, evidence.log()));
        RestInputs inputs = restInputs(evidence);
        byte[] rests = previous != null && previous.restEstimate != null && inputs.equals(previous.restInputs)
                ? previous.restEstimate : SohEstimateCodec.encode(restEstimate(battery, inputs));
        return new ReductionEstimates(resistance, inputs, rests);
    }

    /** What a saved row holds, to carry forward at the next save: its evidence's rest inputs and its estimate. */
    static ReductionEstimates saved(ReducedEvidence savedEvidence, byte[] restEstimate) {
        return new ReductionEstimates(null, restInputs(savedEvidence), restEstimate);
    }

    /** What the estimate from rests reads of reduced evidence: its rests that ended, not the one still going on. */
    static RestInputs restInputs(ReducedEvidence evidence) {
        return RestInputs.closedBy(evidence.log(), evidence.lastTs());
    }

    /** The estimate from rests as an assessment by {@link #STORED_BY} makes it. */
    static SohEstimate restEstimate(BatteryRecord battery, RestInputs inputs) {
        return STORED_BY.restsEstimate(battery.code(), battery.chemistry(), battery.nominalAh(), inputs);
    }

    /** {@link ResistanceCodec}'s form. */
    public byte[] resistance() {
        return resistance;
    }

    /** {@link SohEstimateCodec}'s form; null only for {@link #saved} rows from before V20. */
    public byte[] restEstimate() {
        return restEstimate;
    }
}
