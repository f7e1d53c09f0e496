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
        List<Rest> rests = log.rests();
        long lastRestStart = rests.stream().mapToLong(Rest::startMillis).max().orElse(Long.MIN_VALUE);
        return new RestInputs(rests, log.segments().stream().filter(s -> s.endMillis() <= lastRestStart).toList());
    }
}
