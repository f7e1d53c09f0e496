package io.voltrace.edge.agent;

import io.voltrace.edge.bms.BmsField;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSink;
import io.voltrace.edge.diag.BmsReadings;
import io.voltrace.edge.diag.BmsTarget;
import io.voltrace.edge.diag.DiagDecoder;
import io.voltrace.edge.diag.DiagPoller;
import io.voltrace.edge.diag.DiagResponse;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollModule;
import io.voltrace.edge.diag.VehicleState;
import io.voltrace.edge.can.KernelFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the BMS's diagnostic answers into the agent's model: on a live bus it polls ({@link DiagPoller}, the vehicle
 * state taken from the pack current), in a replay it decodes the answers the log holds as they pass. Cells,
 * temperatures, insulation (and SOC, pack voltage and current where no frame gives them) join the
 * {@link PackSampler}, so they reach the samples, cell snapshots and health evidence; the BMS's own SOH and capacity
 * are kept there too. Runs on the reader thread.
 */
final class DiagFeed {
    private static final Logger LOG = LoggerFactory.getLogger(DiagFeed.class);

    private final PackSampler sampler;
    private final double stateCurrentAmps;
    private final DiagPoller poller;
    private final DiagDecoder decoder;
    private long responses;
    private long errors;
    private long seenCurrentUpdates = -1;
    private long currentSeenMicros = Long.MIN_VALUE;
    /** Frame time of the last frame read, so a tick between frames does not step back in time. */
    private volatile long lastFrameMicros = Long.MIN_VALUE;
    private volatile long lastFrameNanos;

    /**
     * A current older than this no longer says what the vehicle does: a silent bus is a parked (or switched off)
     * vehicle, whatever the last reading said, so the poller takes the parked intervals.
     */
    static final long CURRENT_STALE_MICROS = 5_000_000;

    /**
     * @param bus where the poller writes; null to only decode what passes (a replay)
     */
    DiagFeed(PollDefinition definition, AgentConfig.DiagConfig config, PackSampler sampler, CanFrameSink bus) {
        this.sampler = sampler;
        this.stateCurrentAmps = config.stateCurrentAmps();
        if (bus != null) {
            this.poller = new DiagPoller(definition, bus, config.poller(), this::apply);
            this.decoder = null;
        } else {
            this.poller = null;
            this.decoder = new DiagDecoder(definition, new DiagDecoder.Listener() {
                @Override
                public void response(DiagResponse r) {
                    apply(r);
                }

                @Override
                public void error(long t, PollModule module, String reason) {
                    errors++;
                    LOG.debug("ISO-TP from {}: {}", module.response(), reason);
                }
            });
        }
    }

    /** The ids the kernel filter must let through: every module's responses and requests, and 0x7DF. */
    static List<KernelFilter.Id> canIds(PollDefinition d) {
        List<KernelFilter.Id> ids = new ArrayList<>();
        for (PollModule m : d.modules()) {
            ids.add(new KernelFilter.Id(m.response().id(), m.response().extendedId()));
            ids.add(new KernelFilter.Id(m.request().id(), m.request().extendedId()));
        }
        ids.add(new KernelFilter.Id(0x7DF, false));
        return ids;
    }

    synchronized void onFrame(CanFrame f) {
        if (poller == null) {
            decoder.accept(f);
            return;
        }
        long now = f.timestampMicros() >= 0 ? f.timestampMicros() : System.currentTimeMillis() * 1000;
        lastFrameMicros = now;
        lastFrameNanos = System.nanoTime();
        poller.accept(now, f);
        step(now);
    }

    /**
     * Moves the poller on without a frame, so it polls on a silent bus too (a parked car whose BMS broadcasts
     * nothing, or only answers): the agent calls this from a timer. Ticks only when no frame came for
     * {@code idleMillis}, so it never competes with a busy bus; the time is the last frame's plus the wall time
     * since, in the frames' clock.
     */
    synchronized void tickIfIdle(long idleMillis) {
        if (poller == null || lastFrameMicros != Long.MIN_VALUE
                && System.nanoTime() - lastFrameNanos < idleMillis * 1_000_000) {
            return;
        }
        long now = lastFrameMicros == Long.MIN_VALUE ? System.currentTimeMillis() * 1000
                : lastFrameMicros + (System.nanoTime() - lastFrameNanos) / 1000;
        step(now);
    }

    /** One step of the poller at {@code nowMicros} (a test drives time itself). */
    synchronized void tick(long nowMicros) {
        if (poller != null) {
            step(nowMicros);
        }
    }

    private void step(long now) {
        long updates = sampler.updates(BmsField.PACK_CURRENT);
        if (updates != seenCurrentUpdates) {
            seenCurrentUpdates = updates;
            currentSeenMicros = now;
        }
        boolean fresh = currentSeenMicros != Long.MIN_VALUE && now - currentSeenMicros <= CURRENT_STALE_MICROS;
        poller.state(fresh ? VehicleState.fromCurrent(sampler.value(BmsField.PACK_CURRENT), stateCurrentAmps)
                : VehicleState.PARKED);
        poller.tick(now);
    }

    /** The vehicle state the poller runs with; null when only decoding a replay. */
    VehicleState state() {
        return poller == null ? null : poller.state();
    }

    /** True when it polls (a live bus), so the agent runs its timer. */
    boolean polls() {
        return poller != null;
    }

    private void apply(DiagResponse r) {
        responses++;
        BmsReadings b = r.bms();
        double[] cells = b.cellVoltages();
        for (int i = 0; i < cells.length; i++) {
            sampler.polled(BmsField.CELL_VOLTAGE, i, cells[i]);
        }
        double[] temps = b.cellTemperatures();
        for (int i = 0; i < temps.length; i++) {
            sampler.polled(BmsField.CELL_TEMPERATURE, i, temps[i]);
        }
        for (Map.Entry<BmsTarget, Double> e : b.scalars().entrySet()) {
            switch (e.getKey()) {
                case PACK_VOLTAGE -> sampler.polled(BmsField.PACK_VOLTAGE, 0, e.getValue());
                case PACK_CURRENT -> sampler.polled(BmsField.PACK_CURRENT, 0, e.getValue());
                case SOC -> sampler.polled(BmsField.SOC, 0, e.getValue());
                case INSULATION_KOHM -> sampler.polled(BmsField.INSULATION_RESISTANCE, 0, e.getValue());
                case SOH -> sampler.bmsHealth(e.getValue(), Double.NaN);
                case CAPACITY_AH -> sampler.bmsHealth(Double.NaN, e.getValue());
                default -> { }
            }
        }
    }

    /** Answers taken into the model. */
    long responses() {
        return responses;
    }

    /** One line for the status: answers, and for a poller what it asked and what failed. */
    synchronized String describe() {
        String soh = Double.isNaN(sampler.bmsSoh()) ? "" : String.format(java.util.Locale.ROOT, ", BMS SOH %.1f %%",
                sampler.bmsSoh());
        if (poller == null) {
            return "diagnostic answers " + responses + " (" + errors + " ISO-TP errors)" + soh;
        }
        DiagPoller.Stats s = poller.stats();
        return String.format(java.util.Locale.ROOT, "polls %d, answers %d, timeouts %d, refused %d%s%s",
                s.requests(), s.responses(), s.timeouts(), s.negatives(), poller.quiet() ? ", quiet (another tester)"
                        : "", soh);
    }
}
