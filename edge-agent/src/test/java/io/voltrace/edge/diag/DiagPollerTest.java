package io.voltrace.edge.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.InProcessCanBus;
import io.voltrace.edge.sim.DiagBmsSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The poller against a simulated BMS on an in-process bus (there is no vcan here), under a test clock. */
class DiagPollerTest {

    private final InProcessCanBus bus = new InProcessCanBus();
    private final long[] clock = {0};
    private final List<DiagResponse> responses = new ArrayList<>();
    private final List<Long> agentFrameTimes = new ArrayList<>();
    private DiagPoller poller;
    private DiagBmsSimulator bms;
    private InProcessCanBus.Node otherTester;

    private void setUp(String definition, DiagPoller.Settings settings) throws Exception {
        PollDefinition d = PollDefinition.shipped(definition);
        DiagPoller[] p = new DiagPoller[1];
        DiagBmsSimulator[] s = new DiagBmsSimulator[1];
        InProcessCanBus.Node agent = bus.attach("agent", f -> p[0].accept(clock[0], f));
        InProcessCanBus.Node ecu = bus.attach("bms", f -> {
            if (f.id() == d.modules().get(0).request().id()) {
                // only frames from the agent count against its load limit
            }
            s[0].accept(clock[0], f);
        });
        otherTester = bus.attach("workshop tool", f -> { });
        p[0] = new DiagPoller(d, frame -> {
            agentFrameTimes.add(clock[0]);
            agent.send(frame);
        }, settings, responses::add);
        s[0] = new DiagBmsSimulator(d, ecu);
        poller = p[0];
        bms = s[0];
        bms.truth(PollDefinitionsTest.truth(98, 12));
    }

    private void runFor(double seconds) {
        long end = clock[0] + (long) (seconds * 1e6);
        while (clock[0] < end) {
            clock[0] += 10_000;
            poller.tick(clock[0]);
            bms.tick(clock[0]);
        }
    }

    @Test
    void pollsAtTheStatesIntervalsAndFillsTheBmsModel() throws Exception {
        setUp("hyundai-kona-ev", DiagPoller.Settings.DEFAULT);
        poller.state(VehicleState.DRIVING);
        runFor(125);
        // 0x0101 every 10 s (13 in 125 s), the four others every 60 s (3 each).
        long p0101 = responses.stream().filter(r -> r.request().pid() == 0x0101).count();
        long p0102 = responses.stream().filter(r -> r.request().pid() == 0x0102).count();
        assertThat(p0101).isEqualTo(13);
        assertThat(p0102).isEqualTo(3);
        BmsReadings snapshot = new BmsReadings();
        responses.forEach(r -> snapshot.merge(r.bms()));
        assertThat(snapshot.cellVoltages()).hasSize(98);
        assertThat(snapshot.cellVoltages()[97]).isCloseTo(3.70 + 0.002 * 17, within(0.0101));
        assertThat(snapshot.scalar(BmsTarget.SOH)).isEqualTo(92.5);
        assertThat(snapshot.scalar(BmsTarget.INSULATION_KOHM)).isEqualTo(1000.0);
        assertThat(poller.stats().timeouts()).isZero();
        assertThat(poller.stats().errors()).isZero();

        responses.clear();
        poller.state(VehicleState.PARKED);
        runFor(600);
        long parked0101 = responses.stream().filter(r -> r.request().pid() == 0x0101).count();
        assertThat(parked0101).isBetween(2L, 3L); // every 300 s
    }

    @Test
    void waitsThroughResponsePendingAndStopsAskingForRefusedPids() throws Exception {
        setUp("renault-zoe-gen1", DiagPoller.Settings.DEFAULT);
        bms.pendingFirst(0x41, 2);
        bms.refuse(0x61, 0x31);
        bms.silent(0x01);
        poller.state(VehicleState.CHARGING);
        runFor(1900);
        DiagPoller.Stats s = poller.stats();
        assertThat(responses.stream().filter(r -> r.request().pid() == 0x41)).isNotEmpty();
        assertThat(s.pending()).isGreaterThanOrEqualTo(2);
        assertThat(poller.disabled()).extracting(PollRequest::pid).containsExactly(0x61);
        assertThat(responses.stream().filter(r -> r.request().pid() == 0x61)).isEmpty();
        assertThat(s.timeouts()).isGreaterThanOrEqualTo(30); // 0x01 is silent, asked every 60 s
        assertThat(responses.stream().filter(r -> r.request().pid() == 0x01)).isEmpty();
        assertThat(responses.stream().filter(r -> r.request().pid() == 0x42).count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void staysUnderTheBusLoadLimit() throws Exception {
        setUp("nissan-leaf-aze0", new DiagPoller.Settings(4, 5, 5));
        poller.state(VehicleState.DRIVING);
        runFor(200);
        assertThat(poller.stats().deferredForLoad()).isPositive();
        for (int i = 0; i < agentFrameTimes.size(); i++) {
            long t = agentFrameTimes.get(i);
            long inSecond = agentFrameTimes.stream().filter(x -> x > t - 1_000_000 && x <= t).count();
            assertThat(inSecond).as("frames in the second before " + t).isLessThanOrEqualTo(4);
        }
        assertThat(responses).isNotEmpty();
    }

    @Test
    void fallsSilentWhileAnotherTesterIsActive() throws Exception {
        setUp("hyundai-kona-ev", DiagPoller.Settings.DEFAULT);
        poller.state(VehicleState.DRIVING);
        runFor(20);
        int before = agentFrameTimes.size();
        // A workshop tool starts a session with the BMS and keeps it alive with tester present every 2 s.
        for (int i = 0; i < 15; i++) {
            otherTester.send(new CanFrame(clock[0], 0x7E4, false, false, new byte[] {2, 0x3E, 0, 0, 0, 0, 0, 0}, 8));
            runFor(2);
        }
        assertThat(agentFrameTimes.size()).isEqualTo(before);
        assertThat(poller.stats().otherTesterSeen()).isGreaterThanOrEqualTo(15);
        runFor(30);
        assertThat(agentFrameTimes.size()).isGreaterThan(before); // 5 s after the tool went quiet, polling resumes
    }
}
