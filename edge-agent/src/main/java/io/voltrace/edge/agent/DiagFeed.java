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

    void onFrame(CanFrame f) {
        if (poller == null) {
            decoder.accept(f);
            return;
        }
        long now = f.timestampMicros() >= 0 ? f.timestampMicros() : System.currentTimeMillis() * 1000;
        poller.accept(now, f);
        poller.state(VehicleState.fromCurrent(sampler.value(BmsField.PACK_CURRENT), stateCurrentAmps));
        poller.tick(now);
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
    String describe() {
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
