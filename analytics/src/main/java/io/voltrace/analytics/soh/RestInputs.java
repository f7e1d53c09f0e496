package io.voltrace.analytics.soh;

import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.List;

/**
 * What the estimate from rests ({@link SohAssessor#restsEstimate}) reads of a pack's evidence: its rests, and the
 * charges and drives that ended by the time the last of them began (they tell each rest's hysteresis branch). A
 * segment that ended after the last rest began tells no rest's branch, so it is left out: the open drive or charge
 * grows at every reduction, and would otherwise make the inputs look changed when no rest did. Two equal inputs
 * give the same estimate; a service keeps the estimate until they change.
 */
public record RestInputs(List<Rest> rests, List<Segment> segments) {

    public RestInputs {
        rests = List.copyOf(rests);
        segments = List.copyOf(segments);
    }

    public static RestInputs of(EvidenceLog log) {
        return of(log.rests(), log.segments());
    }

    /**
     * As {@link #of(EvidenceLog)} for evidence reduced up to {@code watermarkMs} that shows what was still open as if
     * it ended there: a rest ending at the watermark is still going on and is left out until it ends. Its length and
     * voltage change at every reduction, so with it the estimate would change at each; without it, only when a rest
     * ends (a few times a day).
     */
    public static RestInputs closedBy(EvidenceLog log, long watermarkMs) {
        return of(log.rests().stream().filter(r -> r.endMillis() < watermarkMs).toList(), log.segments());
    }

    private static RestInputs of(List<Rest> rests, List<Segment> segments) {
        long lastRestStart = rests.stream().mapToLong(Rest::startMillis).max().orElse(Long.MIN_VALUE);
        return new RestInputs(rests, segments.stream().filter(s -> s.endMillis() <= lastRestStart).toList());
    }
}
