package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.edge.bms.BmsField;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.InProcessCanBus;
import io.voltrace.edge.diag.BmsReadings;
import io.voltrace.edge.diag.BmsTarget;
import io.voltrace.edge.diag.DiagPoller;
import io.voltrace.edge.diag.IsoTpTransmitter;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollRequest;
import io.voltrace.edge.sim.DiagBmsSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polled and replayed diagnostic answers reach the sampler that feeds samples, snapshots and health evidence. */
class DiagFeedTest {

    private static final AgentConfig.DiagConfig CONFIG = new AgentConfig.DiagConfig("renault-zoe-gen1",
            DiagPoller.Settings.DEFAULT, 2);

    private static BmsReadings truth() {
        BmsReadings t = new BmsReadings();
        for (int i = 0; i < 96; i++) {
            t.set(BmsTarget.CELL_VOLTAGES, i, 3.8 + i / 1000.0);
        }
        for (int i = 0; i < 12; i++) {
            t.set(BmsTarget.CELL_TEMPERATURES, i, 21 + i);
        }
        t.set(BmsTarget.SOH, 0, 87.5);
        t.set(BmsTarget.INSULATION_KOHM, 0, 812.3);
        t.set(BmsTarget.SOC, 0, 55.55);
        return t;
    }

    private static PackSampler sampler() {
        return new PackSampler(ReferenceDbc.load(), SignalMapping.voltraceReference(), 1, s -> { });
    }

    @Test
    void replayedAnswersFeedTheModel() throws Exception {
        PollDefinition zoe = PollDefinition.shipped("renault-zoe-gen1");
        PackSampler sampler = sampler();
        DiagFeed feed = new DiagFeed(zoe, CONFIG, sampler, null);
        long t = 1_000_000;
        for (PollRequest r : zoe.requests()) {
            List<CanFrame> frames = new ArrayList<>();
            IsoTpTransmitter tx = new IsoTpTransmitter(r.module().response(), r.module().request(), frames::add);
            tx.send(t, DiagBmsSimulator.response(r, truth()));
            tx.accept(t, new CanFrame(t, 0x79B, false, false, new byte[] {0x30, 0, 0, 0, 0, 0, 0, 0}, 8));
            for (CanFrame f : frames) {
                feed.onFrame(new CanFrame(t++, f.id(), false, false, f.data(), f.length()));
            }
        }
        assertThat(feed.responses()).isEqualTo(zoe.requests().size());
        assertThat(sampler.cellVoltage(0)).isCloseTo(3.8, within(1e-9));
        assertThat(sampler.cellVoltage(95)).isCloseTo(3.895, within(1e-9));
        assertThat(sampler.cellTemperature(11)).isEqualTo(32.0);
        assertThat(sampler.insulationResistanceKohm()).isCloseTo(812.3, within(1e-9));
        assertThat(sampler.updates(BmsField.INSULATION_RESISTANCE)).isEqualTo(1);
        assertThat(sampler.bmsSoh()).isEqualTo(87.5);
        // The reference mapping has its own SOC signal: the polled one does not overwrite it.
        assertThat(sampler.value(BmsField.SOC)).isNaN();
        assertThat(feed.describe()).contains("diagnostic answers 6", "BMS SOH 87.5 %");
    }

    @Test
    void onALiveBusItPollsTheSimulatedBms() throws Exception {
        PollDefinition zoe = PollDefinition.shipped("renault-zoe-gen1");
        InProcessCanBus bus = new InProcessCanBus();
        PackSampler sampler = sampler();
        long[] clock = {0};
        DiagFeed[] feed = new DiagFeed[1];
        DiagBmsSimulator[] bms = new DiagBmsSimulator[1];
        InProcessCanBus.Node agent = bus.attach("agent", f -> feed[0].onFrame(
                new CanFrame(clock[0], f.id(), f.extended(), f.fd(), f.data(), f.length())));
        InProcessCanBus.Node ecu = bus.attach("lbc", f -> bms[0].accept(clock[0], f));
        feed[0] = new DiagFeed(zoe, CONFIG, sampler, agent);
        bms[0] = new DiagBmsSimulator(zoe, ecu);
        bms[0].truth(truth());
        // The agent ticks the poller on every frame it reads: a broadcast frame every 10 ms stands in for P-CAN.
        InProcessCanBus.Node pcan = bus.attach("pcan", f -> { });
        for (int i = 0; i < 12_000; i++) {
            clock[0] += 10_000;
            pcan.send(new CanFrame(clock[0], 0x100, false, false, new byte[8], 8));
        }
        assertThat(bms[0].requests()).isGreaterThanOrEqualTo(6);
        assertThat(sampler.cellVoltage(95)).isCloseTo(3.895, within(1e-9));
        assertThat(sampler.bmsSoh()).isEqualTo(87.5);
        assertThat(feed[0].describe()).startsWith("polls ").contains("timeouts 0");
    }

    /**
     * A parked car's bus can be silent but for the BMS's answers: the poller, stepped by the agent's timer, still
     * polls (at the parked intervals), and a current last read while driving stops counting once it is stale.
     */
    @Test
    void onASilentBusTheTimerPollsAtTheParkedIntervals() throws Exception {
        PollDefinition zoe = PollDefinition.shipped("renault-zoe-gen1");
        InProcessCanBus bus = new InProcessCanBus();
        PackSampler sampler = sampler();
        long[] clock = {0};
        DiagFeed[] feed = new DiagFeed[1];
        DiagBmsSimulator[] bms = new DiagBmsSimulator[1];
        InProcessCanBus.Node agent = bus.attach("agent", f -> feed[0].onFrame(
                new CanFrame(clock[0], f.id(), f.extended(), f.fd(), f.data(), f.length())));
        InProcessCanBus.Node ecu = bus.attach("lbc", f -> bms[0].accept(clock[0], f));
        feed[0] = new DiagFeed(zoe, CONFIG, sampler, agent);
        bms[0] = new DiagBmsSimulator(zoe, ecu);
        bms[0].truth(truth());
        // Driving a moment ago: -60 A read (polled, as a BMS that broadcasts no current gives it)...
        sampler.polled(BmsField.PACK_CURRENT, 0, -60);
        clock[0] = 1_000_000;
        feed[0].tick(clock[0]);
        assertThat(feed[0].state()).isEqualTo(io.voltrace.edge.diag.VehicleState.DRIVING);
        // ...then nothing on the bus but what the poller asks: only the timer moves it.
        for (int i = 0; i < 12_000; i++) {
            clock[0] += 10_000;
            bms[0].tick(clock[0]);
            feed[0].tick(clock[0]);
        }
        assertThat(feed[0].state()).as("a stale current is a parked car").isEqualTo(
                io.voltrace.edge.diag.VehicleState.PARKED);
        assertThat(bms[0].requests()).isGreaterThanOrEqualTo(6);
        assertThat(sampler.cellVoltage(95)).isCloseTo(3.895, within(1e-9));
        assertThat(sampler.bmsSoh()).isEqualTo(87.5);
    }
}
