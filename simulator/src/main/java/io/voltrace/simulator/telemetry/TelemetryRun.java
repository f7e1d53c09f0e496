package io.voltrace.simulator.telemetry;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.simulator.can.BmsSimulator;
import io.voltrace.simulator.pack.Defects;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.usage.UsageProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pack telemetry as the edge stores it, a row a minute, from the one simulator: the {@link BmsSimulator}'s CAN frames
 * (reference DBC) decoded and sampled by the edge's own {@link PackSampler}, whose coulomb counters run at the full
 * frame rate. What a test or a tool needs when it wants rows with a known truth, without an agent or a bus.
 *
 * @param spec         the pack and its hidden truth
 * @param days         simulated days
 * @param startMs      the first simulated instant, epoch milliseconds
 * @param habits       how the owner drives, charges and parks
 * @param defects      what is wrong with the pack
 * @param dropoutShare share of rows lost on the way (a lossy uplink), drawn from the spec's seed
 */
public record TelemetryRun(PackSpec spec, double days, long startMs, UsageProfile.Habits habits, Defects defects,
                           double dropoutShare) {
    /** The default first instant: 2026-03-01T00:00:00Z. */
    public static final long START_MS = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final double SAMPLE_SECONDS = 60;
    private static final DbcDatabase DBC = ReferenceDbc.load();

    public TelemetryRun {
        if (!(days > 0)) {
            throw new IllegalArgumentException("days must be positive, was " + days);
        }
        if (!(dropoutShare >= 0 && dropoutShare < 1)) {
            throw new IllegalArgumentException("dropoutShare must be in [0, 1), was " + dropoutShare);
        }
    }

    /** Thirty days of typical use of a sound pack, from {@link #START_MS}, nothing lost. */
    public static TelemetryRun of(PackSpec spec) {
        return new TelemetryRun(spec, 30, START_MS, UsageProfile.Habits.typical(), Defects.none(), 0);
    }

    public TelemetryRun withSpec(PackSpec s) {
        return new TelemetryRun(s, days, startMs, habits, defects, dropoutShare);
    }

    public TelemetryRun days(double d) {
        return new TelemetryRun(spec, d, startMs, habits, defects, dropoutShare);
    }

    public TelemetryRun startMs(long ms) {
        return new TelemetryRun(spec, days, ms, habits, defects, dropoutShare);
    }

    public TelemetryRun habits(UsageProfile.Habits h) {
        return new TelemetryRun(spec, days, startMs, h, defects, dropoutShare);
    }

    public TelemetryRun defects(Defects d) {
        return new TelemetryRun(spec, days, startMs, habits, d, dropoutShare);
    }

    public TelemetryRun dropout(double share) {
        return new TelemetryRun(spec, days, startMs, habits, defects, share);
    }

    /** Runs the simulation (deterministic: same run, same rows). */
    public Telemetry run() {
        List<PackSample> rows = new ArrayList<>((int) (days * 1440) + 2);
        PackSampler sampler = new PackSampler(DBC, SignalMapping.voltraceReference(), SAMPLE_SECONDS, rows::add);
        try (BmsSimulator bms = new BmsSimulator(DBC, spec, startMs, days, habits, defects)) {
            CanFrame f;
            while ((f = bms.next()) != null) {
                sampler.accept(f);
            }
            List<PackSample> kept = rows;
            if (dropoutShare > 0) {
                // Its own stream, so losing rows does not change the pack or its use.
                SplittableRandom lost = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
                kept = new ArrayList<>(rows.size());
                for (PackSample s : rows) {
                    if (lost.nextDouble() >= dropoutShare) {
                        kept.add(s);
                    }
                }
            }
            return new Telemetry(List.copyOf(kept), bms.trueSohPercent(),
                    bms.trueSohPercent() / 100 * spec.nominalAh(), bms.bms().staleCapacityAh(),
                    bms.bms().currentOffsetAmps(), bms.packOhmicMilliohms());
        }
    }
}
