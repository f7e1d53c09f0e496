package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.passport.TelemetryTotals;
import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import io.voltrace.evidence.Throughput;
import java.util.List;

/**
 * A battery's telemetry as the reducer keeps it: everything an assessment reads, nothing more, in bounded size
 * whatever the battery's age. The most recent {@link #MAX_SEGMENTS} segments, {@link #MAX_RESTS} rests,
 * {@link #MAX_STEPS} current steps (of those the resistance estimate can use) and {@link #MAX_EVENTS} negative events (state of health and resistance are read
 * from recent evidence; older evidence is in the assessments already made), the daily extremes of the last
 * {@link #MAX_DAYS} days and the last {@link #MAX_SCREEN_RESTS} rests as the safety screens read them, and the
 * running totals since the first sample (throughput, time in negative conditions, event count). What was still open
 * at the last sample (a segment, a rest, a day, an event) is included as if it ended there.
 *
 * @param samples     samples reduced
 * @param lateSamples samples that arrived at or before the watermark: stored in the time series, not reduced
 * @param firstTs     first sample reduced, epoch ms (0 when none)
 * @param lastTs      last sample reduced: the watermark, epoch ms (0 when none)
 * @param throughput  the extractor's running totals
 * @param telemetry   what the battery condition (passport) counts from telemetry, since the first sample; null in
 *                    evidence saved before it was kept (codec version 2 and older), until the reducer's first pass
 *                    counts it from the stored history
 */
public record ReducedEvidence(long samples, long lateSamples, long firstTs, long lastTs, Throughput throughput,
                              List<Segment> segments, List<Rest> rests, List<CurrentStep> steps,
                              List<NegativeEvent> events, List<DayExtremes> days, List<RestEvidence> screenRests,
                              TelemetryTotals telemetry) {
    public static final int MAX_SEGMENTS = 48;
    public static final int MAX_RESTS = 96;
    public static final int MAX_STEPS = 256;
    public static final int MAX_EVENTS = 48;
    public static final int MAX_DAYS = 366;
    public static final int MAX_SCREEN_RESTS = 192;

    public ReducedEvidence {
        segments = List.copyOf(segments);
        rests = List.copyOf(rests);
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        days = List.copyOf(days);
        screenRests = List.copyOf(screenRests);
    }

    /** Nothing reduced yet. */
    public static ReducedEvidence empty() {
        return new ReducedEvidence(0, 0, 0, 0, new Throughput(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), TelemetryTotals.none());
    }

    /** The estimators' view: segments, rests, steps and events in time order. */
    public EvidenceLog log() {
        EvidenceLog log = new EvidenceLog();
        segments.forEach(log);
        rests.forEach(log);
        steps.forEach(log);
        events.forEach(log);
        return log;
    }

    /** The safety screens' view. */
    public ScreenEvidence screen() {
        if (days.isEmpty()) {
            return ScreenEvidence.empty();
        }
        int rows = (int) Math.min(Integer.MAX_VALUE, days.stream().mapToLong(DayExtremes::samples).sum());
        return new ScreenEvidence(rows, Math.max(firstTs, days.get(0).dayStartTs()), lastTs, days, screenRests);
    }
}
