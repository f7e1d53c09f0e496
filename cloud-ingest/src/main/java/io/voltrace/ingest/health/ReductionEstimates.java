package io.voltrace.ingest.health;

import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.analytics.soh.RestInputs;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.ingest.registry.BatteryRecord;

/**
 * The estimates a reduction is saved with so that assessments do not make them again (V18, V20), each a function of
 * the evidence and the battery's nameplate only: the telemetry's resistance, made at every save (about a
 * millisecond), and the capacity estimate from rests, made only when its inputs ({@link RestInputs}: the rests and the
 * segments before them) changed since the last save, else carried forward (a fit over a grid, some milliseconds;
 * rests change a few times a day, segments after the last rest at every save while driving). Both are made from the
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
        EvidenceLog log = EvidenceCodec.decode(encodedEvidence).log();
        byte[] resistance = ResistanceCodec.encode(HealthService.telemetryResistance(battery, log));
        RestInputs inputs = RestInputs.of(log);
        byte[] rests = previous != null && previous.restEstimate != null && inputs.equals(previous.restInputs)
                ? previous.restEstimate : SohEstimateCodec.encode(restEstimate(battery, inputs));
        return new ReductionEstimates(resistance, inputs, rests);
    }

    /** What a saved row holds, to carry forward at the next save: its evidence's rest inputs and its estimate. */
    static ReductionEstimates saved(EvidenceLog savedEvidence, byte[] restEstimate) {
        return new ReductionEstimates(null, RestInputs.of(savedEvidence), restEstimate);
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
