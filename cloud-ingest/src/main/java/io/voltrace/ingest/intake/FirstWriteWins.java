package io.voltrace.ingest.intake;

import io.voltrace.common.log.LogSafe;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.store.StoredSamples;
import io.voltrace.ingest.store.TelemetryStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stored sample is never changed (#16): the time-series table upserts on (time, battery), so without this a device
 * could rewrite its own history (hide a thermal event before a sale, say) by sending other values for past times.
 * Before each write this sink compares every sample at a time the battery already has with what is stored: the same
 * values (a redelivery) pass, as the at-least-once design needs; other values are left out of the write and go to the
 * dead letters as {@code overwrite refused}, with the stored and the refused values, once the rest is durable. The
 * message is still acknowledged: the device's first word stands, and resending would change nothing.
 *
 * <p>Cheap on the normal path: a battery's latest stored time is read once per process ({@code LATEST ON}), then kept
 * from its own writes; only a batch reaching back to or before it is compared, by one ranged read. Replicas in broker
 * mode each know their own writes: a conflicting sample that reaches this replica for a time another replica stored
 * after this one last read the battery's latest is not caught (docs/operations.md, "Fault paths").
 */
public final class FirstWriteWins implements TelemetrySink {
    private static final Logger LOG = LoggerFactory.getLogger(FirstWriteWins.class);
    /** Conflicts listed in one dead letter's detail; the rest are counted. */
    private static final int LISTED = 5;
    private static final long NONE = Long.MIN_VALUE;

    private record Conflict(PackSample stored, PackSample refused) {
    }

    private final TelemetrySink next;
    private final StoredSamples stored;
    private final DeadLetterSink deadLetters;
    private final Map<String, Long> latest = new ConcurrentHashMap<>();
    private final AtomicLong refusedSamples = new AtomicLong();

    public FirstWriteWins(TelemetrySink next, StoredSamples stored, DeadLetterSink deadLetters) {
        this.next = Objects.requireNonNull(next, "next");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public void write(List<TelemetryBatch> batches) throws Exception {
        List<TelemetryBatch> out = new ArrayList<>(batches.size());
        Map<TelemetryBatch, List<Conflict>> conflicts = new LinkedHashMap<>();
        Map<String, Long> maxInWrite = new HashMap<>();
        boolean visible = false;
        for (TelemetryBatch batch : batches) {
            if (batch.samples().isEmpty()) {
                out.add(batch);
                continue;
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (PackSample s : batch.samples()) {
                min = Math.min(min, s.ts());
                max = Math.max(max, s.ts());
            }
            String battery = batch.battery();
            long known = latest.computeIfAbsent(battery, b -> stored.latestMillis(b).orElse(NONE));
            Long earlier = maxInWrite.get(battery);
            boolean reachesStore = known != NONE && min <= known;
            boolean reachesWrite = earlier != null && min <= earlier;
            maxInWrite.merge(battery, max, Math::max);
            if (!reachesStore && !reachesWrite) {
                out.add(batch);
                continue;
            }
            Map<Long, PackSample> before = new HashMap<>();
            if (reachesStore) {
                if (!visible) {
                    awaitVisible();
                    visible = true;
                }
                for (PackSample s : stored.samples(battery, Instant.ofEpochMilli(min),
                        Instant.ofEpochMilli(Math.min(max, known) + 1), Integer.MAX_VALUE)) {
                    before.put(s.ts(), s);
                }
            }
            if (reachesWrite) { // the same battery earlier in this write: the store would keep the later one
                for (TelemetryBatch o : out) {
                    if (o.battery().equals(battery)) {
                        for (PackSample s : o.samples()) {
                            before.putIfAbsent(s.ts(), s);
                        }
                    }
                }
            }
            List<PackSample> kept = new ArrayList<>(batch.samples().size());
            List<Conflict> refused = new ArrayList<>();
            for (PackSample s : batch.samples()) {
                PackSample first = before.get(s.ts());
                if (first == null || same(first, s)) {
                    kept.add(s); // new, or a redelivery: storing it again changes nothing
                } else {
                    refused.add(new Conflict(first, s));
                }
            }
            if (refused.isEmpty()) {
                out.add(batch);
            } else {
                conflicts.put(batch, refused);
                if (!kept.isEmpty()) {
                    out.add(new TelemetryBatch(batch.schema(), batch.device(), battery, batch.seq(), kept));
                }
            }
        }
        next.write(out);
        for (TelemetryBatch b : out) {
            for (PackSample s : b.samples()) {
                latest.merge(b.battery(), s.ts(), Math::max);
            }
        }
        conflicts.forEach(this::deadLetter); // only now: a failed write is retried and decides again
    }

    private void deadLetter(TelemetryBatch batch, List<Conflict> refused) {
        refusedSamples.addAndGet(refused.size());
        StringBuilder detail = new StringBuilder().append(refused.size()).append(" sample(s) of battery ")
                .append(batch.battery()).append(" at times already stored with other values; the first write stands:");
        for (int i = 0; i < Math.min(LISTED, refused.size()); i++) {
            Conflict c = refused.get(i);
            detail.append(i == 0 ? " " : "; ").append(Instant.ofEpochMilli(c.refused().ts())).append(' ')
                    .append(differences(c.stored(), c.refused()));
        }
        if (refused.size() > LISTED) {
            detail.append("; and ").append(refused.size() - LISTED).append(" more");
        }
        List<PackSample> samples = refused.stream().map(Conflict::refused).toList();
        byte[] payload = WireCodec.encode(new TelemetryBatch(batch.schema(), batch.device(), batch.battery(),
                batch.seq(), samples));
        deadLetters.refused(batch.device(), io.voltrace.common.wire.Topics.telemetry(batch.device()),
                "overwrite refused", detail.toString(), payload);
        LOG.warn("device={} sent {} sample(s) of battery {} at times already stored with other values: refused, "
                        + "the first write stands (dead letter kept)", LogSafe.text(batch.device()), refused.size(),
                LogSafe.text(batch.battery()));
    }

    /** Samples refused because their time was already stored with other values. */
    public long refusedSamples() {
        return refusedSamples.get();
    }

    static boolean same(PackSample a, PackSample b) {
        double[] x = values(a);
        double[] y = values(b);
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] == y[i] || (Double.isNaN(x[i]) && Double.isNaN(y[i])))) {
                return false;
            }
        }
        return true;
    }

    private static String differences(PackSample stored, PackSample refused) {
        double[] x = values(stored);
        double[] y = values(refused);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] == y[i] || (Double.isNaN(x[i]) && Double.isNaN(y[i])))) {
                out.append(out.isEmpty() ? "" : ", ").append(NAMES[i]).append(' ').append(x[i]).append(" -> ")
                        .append(y[i]);
            }
        }
        return out.toString();
    }

    private static final String[] NAMES = {"packVoltage", "packCurrent", "soc", "ahCharged", "ahDischarged",
            "cellVoltageMin", "cellVoltageMax", "cellVoltageAvg", "tempMin", "tempMax"};

    private static double[] values(PackSample s) {
        return new double[] {s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(), s.ahDischarged(),
                s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax()};
    }

    /** Waits until the acknowledged writes are visible, so that a comparison sees them. */
    private void awaitVisible() {
        if (!stored.awaitCommittedSoFar(Duration.ofSeconds(30))) {
            throw new TelemetryStoreException("stored samples not visible within 30 s: cannot check the write against"
                    + " them yet, retrying");
        }
    }
}
