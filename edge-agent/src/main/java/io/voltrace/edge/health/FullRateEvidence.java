package io.voltrace.edge.health;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Evidence;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.evidence.Point;
import java.util.Objects;

/**
 * The evidence extractor at full CAN rate, on the edge: what one-second samples cannot show. Current steps give the
 * ohmic resistance (ΔV/ΔI across one BMS cycle, not across a minute of relaxation), at most one per step interval so
 * the link stays thin; negative events (deep discharge, over-voltage, extreme temperature, charging at extreme
 * temperature) are caught however short, and sent when they end. Segments and rests are left to the cloud, which
 * cuts them from the telemetry. Constant memory; one {@link Point} per reading, nothing else allocated per frame.
 */
public final class FullRateEvidence {
    private final String device;
    private final String battery;
    private final int cells;
    private final long stepIntervalMillis;
    private final HealthWatch.Sink sink;
    private final EvidenceExtractor extractor;
    private long lastStepMillis = Long.MIN_VALUE;
    private volatile long steps;
    private volatile long events;

    public FullRateEvidence(String device, String battery, HealthSettings.Pack pack, HealthWatch.Sink sink,
                            long stepIntervalMillis) {
        this.device = Objects.requireNonNull(device, "device");
        this.battery = Objects.requireNonNull(battery, "battery");
        this.cells = pack.cells();
        this.stepIntervalMillis = stepIntervalMillis;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.extractor = new EvidenceExtractor(ExtractorConfig.of(pack.chemistry(), pack.nominalAh(), pack.cells()),
                this::onEvidence);
    }

    /**
     * One reading: current and voltage read together (the same frame or cycle), with the latest cell and
     * temperature extremes (NaN when unknown).
     */
    public void reading(long tsMillis, double amps, double packVolts, double tempMinC, double tempMaxC,
                        double cellMinVolts, double cellMaxVolts) {
        // No counters: at full rate the extractor integrates the current itself.
        extractor.accept(new Point(tsMillis, amps, packVolts / cells, tempMinC, tempMaxC, cellMinVolts,
                cellMaxVolts, Double.NaN, Double.NaN));
    }

    /** The stream ended: a negative event still open is reported as lasting until the last reading. */
    public void finish() {
        extractor.finish();
    }

    private void onEvidence(Evidence e) {
        if (e instanceof NegativeEvent n) {
            events++;
            sink.accept(HealthEvidence.negativeEvent(device, battery, n.kind().name(), n.startMillis(),
                    n.endMillis(), n.extreme()), true);
        } else if (e instanceof CurrentStep s && Double.isFinite(s.ohms())) {
            if (lastStepMillis != Long.MIN_VALUE && s.endMillis() - lastStepMillis < stepIntervalMillis
                    && s.endMillis() >= lastStepMillis) {
                return;
            }
            lastStepMillis = s.endMillis();
            steps++;
            sink.accept(HealthEvidence.currentStep(device, battery, s.endMillis(), s.ohms(), s.fromAmps(),
                    s.toAmps(), s.seconds(), Double.isFinite(s.tempC()) ? s.tempC() : null, s.voltsBefore()), false);
        }
    }

    /** Current steps sent so far. */
    public long steps() {
        return steps;
    }

    /** Negative events sent so far. */
    public long events() {
        return events;
    }

    /** Readings the extractor refused (not finite, or not later than the one before). */
    public long refusedReadings() {
        return extractor.throughput().rejectedReadings();
    }
}
