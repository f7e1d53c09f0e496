package io.voltrace.ingest.health;

import io.voltrace.common.wire.HealthEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A battery's edge evidence as the assessment reads it, reduced as each record is admitted ({@link EdgeReductions}):
 * the insulation monitor's latest and lowest reading, each BMS fault flag's history, the usable full-rate current
 * steps and the negative events by kind. Bounded whatever the battery's age.
 *
 * <p>The fold is order-independent: every part is a count, a sum, a minimum or maximum, or the newest {@code N} by
 * time, so a record that arrives late (its time before the newest already reduced) gives the same reduction as if it
 * had come in order; it is reduced and counted in {@code lateRecords}. A record sent again is never folded twice:
 * the store admits a record once per (battery, type, name, time) and folds only what it admitted, in the same
 * transaction.
 *
 * @param records     records reduced (the battery's rows in {@code edge_evidence})
 * @param lateRecords of those, records whose time was before the newest one reduced when they arrived
 * @param lastTs      the newest record's time, epoch ms (0 when none)
 * @param insulation  the insulation monitor's readings, or null when there were none
 * @param faults      each fault flag, in the order of its first event
 * @param steps       received current steps; {@code usable} the newest {@link #MAX_STEPS} of those the resistance
 *                    estimate can use, oldest first
 * @param events      negative events by kind, in the order of each kind's first event
 */
public record EdgeReduction(long records, long lateRecords, long lastTs, Insulation insulation, List<FaultFlag> faults,
                            long steps, List<Step> usable, List<EventKind> events) {
    /** Current steps kept: as many as the telemetry's reduction keeps ({@link ReducedEvidence#MAX_STEPS}). */
    public static final int MAX_STEPS = ReducedEvidence.MAX_STEPS;
    /** Events kept per fault flag (the newest); the counts cover all of them. */
    public static final int MAX_FAULT_EVENTS = 16;

    public EdgeReduction {
        faults = List.copyOf(faults);
        usable = List.copyOf(usable);
        events = List.copyOf(events);
    }

    /** Nothing reported. */
    public static EdgeReduction empty() {
        return new EdgeReduction(0, 0, 0, null, List.of(), 0, List.of(), List.of());
    }

    /**
     * The insulation readings: how many, the newest (its pack voltage may be null) and the lowest (the earliest of
     * equal lows).
     */
    public record Insulation(long readings, long latestTs, double latestKohm, Double latestPackVoltage,
                             long lowestTs, double lowestKohm) {
    }

    /** One fault flag: how often raised and cleared, its first event's time, and its newest events, oldest first. */
    public record FaultFlag(String name, long raised, long cleared, long firstTs, List<FaultEvent> recent) {
        public FaultFlag {
            recent = List.copyOf(recent);
        }

        /** Whether it was ever raised. */
        public boolean everRaised() {
            return raised > 0;
        }
    }

    /** A fault flag raised ({@code active}) or cleared at a time. */
    public record FaultEvent(long ts, boolean active) {
    }

    /** A full-rate current step as the edge measured it (per cell in series). */
    public record Step(long ts, double ohms, double fromAmps, double toAmps, double seconds, Double tempC,
                       double cellVolts) {
    }

    /** Negative events of one kind: how many, their total length in ms, the worst value, the first one's time. */
    public record EventKind(String kind, long count, long millis, double worst, long firstTs) {
    }

    /**
     * Folds newly admitted records into this reduction. {@code usableStep} says which current steps the resistance
     * estimate can use (the others are counted only). Records of another battery are the caller's mistake.
     */
    public EdgeReduction plus(List<HealthEvidence> admitted, java.util.function.Predicate<Step> usableStep) {
        long records = this.records;
        long late = this.lateRecords;
        long last = this.lastTs;
        Insulation ins = this.insulation;
        TreeMap<String, FaultFlag> flags = new TreeMap<>();
        faults.forEach(f -> flags.put(f.name(), f));
        long stepCount = this.steps;
        List<Step> kept = new ArrayList<>(usable);
        TreeMap<String, EventKind> kinds = new TreeMap<>();
        events.forEach(k -> kinds.put(k.kind(), k));
        for (HealthEvidence e : admitted) {
            records++;
            if (records > 1 && e.ts() < last) {
                late++;
            }
            last = Math.max(last, e.ts());
            switch (e.type()) {
                case INSULATION -> ins = insulation(ins, e);
                case FAULT -> flags.merge(e.name(), fault(e), EdgeReduction::merge);
                case CURRENT_STEP -> {
                    stepCount++;
                    Step s = new Step(e.ts(), e.ohms(), e.fromAmps(), e.toAmps(), e.seconds(), e.tempC(),
                            e.cellVolts());
                    if (usableStep.test(s)) {
                        kept.add(s);
                    }
                }
                case NEGATIVE_EVENT -> kinds.merge(e.name(), new EventKind(e.name(), 1,
                        e.endTs() - e.ts(), e.extreme(), e.ts()), EdgeReduction::merge);
            }
        }
        // The newest steps by time, whatever order they came in.
        kept.sort(Comparator.comparingLong(Step::ts).thenComparingDouble(Step::ohms));
        List<Step> newest = kept.size() > MAX_STEPS ? kept.subList(kept.size() - MAX_STEPS, kept.size()) : kept;
        List<FaultFlag> f = new ArrayList<>(flags.values());
        f.sort(Comparator.comparingLong(FaultFlag::firstTs).thenComparing(FaultFlag::name));
        List<EventKind> k = new ArrayList<>(kinds.values());
        k.sort(Comparator.comparingLong(EventKind::firstTs).thenComparing(EventKind::kind));
        return new EdgeReduction(records, late, last, ins, f, stepCount, newest, k);
    }

    private static Insulation insulation(Insulation was, HealthEvidence e) {
        double kohm = e.insulationKohm();
        if (was == null) {
            return new Insulation(1, e.ts(), kohm, e.packVoltage(), e.ts(), kohm);
        }
        boolean newer = e.ts() > was.latestTs();
        boolean lower = kohm < was.lowestKohm() || (kohm == was.lowestKohm() && e.ts() < was.lowestTs());
        return new Insulation(was.readings() + 1, newer ? e.ts() : was.latestTs(),
                newer ? kohm : was.latestKohm(), newer ? e.packVoltage() : was.latestPackVoltage(),
                lower ? e.ts() : was.lowestTs(), lower ? kohm : was.lowestKohm());
    }

    private static FaultFlag fault(HealthEvidence e) {
        boolean active = Boolean.TRUE.equals(e.active());
        return new FaultFlag(e.name(), active ? 1 : 0, active ? 0 : 1, e.ts(), List.of(new FaultEvent(e.ts(), active)));
    }

    private static FaultFlag merge(FaultFlag a, FaultFlag b) {
        List<FaultEvent> all = new ArrayList<>(a.recent());
        all.addAll(b.recent());
        all.sort(Comparator.comparingLong(FaultEvent::ts).thenComparing(FaultEvent::active));
        List<FaultEvent> newest = all.size() > MAX_FAULT_EVENTS ? all.subList(all.size() - MAX_FAULT_EVENTS,
                all.size()) : all;
        return new FaultFlag(a.name(), a.raised() + b.raised(), a.cleared() + b.cleared(),
                Math.min(a.firstTs(), b.firstTs()), newest);
    }

    private static EventKind merge(EventKind a, EventKind b) {
        return new EventKind(a.kind(), a.count() + b.count(), a.millis() + b.millis(),
                EdgeConditions.worse(a.kind(), a.worst(), b.worst()), Math.min(a.firstTs(), b.firstTs()));
    }
}
