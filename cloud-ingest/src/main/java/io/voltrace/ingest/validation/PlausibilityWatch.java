package io.voltrace.ingest.validation;

import io.voltrace.common.log.LogSafe;
import io.voltrace.common.plausibility.PackLimits;
import io.voltrace.common.plausibility.PlausibilityCheck;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.intake.TelemetrySink;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.PlausibilityStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's second look at every admitted sample (the edge looked first): the plausibility rules with the pack's
 * registered cells and capacity. Samples are stored as they came; the implausible ones are marked with their
 * reasons before the batch is written, so the API shows them flagged and estimates leave them out. Wraps the store's
 * sink and runs on the writer's thread, which sees each battery's batches in order.
 */
public final class PlausibilityWatch implements TelemetrySink {
    private static final Logger LOG = LoggerFactory.getLogger(PlausibilityWatch.class);

    private final TelemetrySink next;
    private final PlausibilityStore store;
    private final Function<String, BatteryRecord> batteries;
    private final Map<String, PlausibilityCheck> checks = new HashMap<>();
    private long marked;

    /**
     * @param batteries the registered battery of a code, or null when unknown
     */
    public PlausibilityWatch(TelemetrySink next, PlausibilityStore store, Function<String, BatteryRecord> batteries) {
        this.next = next;
        this.store = store;
        this.batteries = batteries;
    }

    @Override
    public void write(List<TelemetryBatch> batches) throws Exception {
        List<PlausibilityStore.Mark> marks = new ArrayList<>();
        synchronized (this) {
            for (TelemetryBatch b : batches) {
                PlausibilityCheck check = checks.computeIfAbsent(b.battery(), this::checkFor);
                for (PackSample s : b.samples()) {
                    List<String> reasons = check.check(s);
                    if (!reasons.isEmpty()) {
                        marks.add(new PlausibilityStore.Mark(b.battery(), s.ts(), String.join("; ", reasons)));
                    }
                }
            }
        }
        if (!marks.isEmpty()) {
            // Marked before the samples are written: a sample is never visible to an estimate unmarked.
            int added = store.mark(marks, Instant.now());
            long before = marked;
            marked += added;
            // Quiet: the first mark, then one line per thousand (a misread bus marks every sample).
            if (added > 0 && (before == 0 || before / 1000 != marked / 1000)) {
                LOG.warn("implausible samples: {} marked so far; latest of battery {}: {}", marked,
                        LogSafe.text(marks.get(0).battery()), LogSafe.text(marks.get(0).reasons()));
            }
        }
        next.write(batches);
    }

    private PlausibilityCheck checkFor(String battery) {
        BatteryRecord r = batteries.apply(battery);
        return new PlausibilityCheck(r == null ? PackLimits.of(0, 0) : PackLimits.of(r.cellsSeries(), r.nominalAh()));
    }

    /** Samples marked since start. */
    public long marked() {
        return marked;
    }
}
