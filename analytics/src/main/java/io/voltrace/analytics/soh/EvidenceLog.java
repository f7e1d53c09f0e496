package io.voltrace.analytics.soh;

import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Evidence;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** One pack's evidence, sorted by kind in arrival order: what the estimators read. */
public final class EvidenceLog implements Consumer<Evidence> {
    private final List<Segment> segments = new ArrayList<>();
    private final List<Rest> rests = new ArrayList<>();
    private final List<CurrentStep> steps = new ArrayList<>();
    private final List<NegativeEvent> events = new ArrayList<>();

    @Override
    public void accept(Evidence e) {
        // Java 17 has no pattern switch; the interface is sealed, so these four are all there is.
        if (e instanceof Segment s) {
            segments.add(s);
        } else if (e instanceof Rest r) {
            rests.add(r);
        } else if (e instanceof CurrentStep c) {
            steps.add(c);
        } else if (e instanceof NegativeEvent n) {
            events.add(n);
        }
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    public List<Rest> rests() {
        return Collections.unmodifiableList(rests);
    }

    public List<CurrentStep> steps() {
        return Collections.unmodifiableList(steps);
    }

    public List<NegativeEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
