package io.voltrace.edge.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.InProcessCanBus;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A BMS that answers its PIDs only in the extended session (0x10 0x03) and falls back to the default one after 5 s
 * without a request (S3), as many UDS ECUs do: the poller opens the session before its first poll, keeps it with
 * tester present between polls 10 s apart, and opens it again when the ECU lost it (a reset), asking again.
 */
class DiagSessionTest {
    static final String DEFINITION = """
            {"format": "voltrace-poll/1", "vehicle": "test", "sources": ["this test"],
             "modules": [{"name": "BMS", "request": "0x7E4", "response": "0x7EC", "session": "0x03",
               "polls": [{"service": "0x22", "pid": "0x0101", "every": {"driving": 10, "charging": 10, "parked": 10},
                          "values": [{"name": "soc", "at": 0, "scale": 0.5, "unit": "%", "bms": "soc"}]}]}]}
            """;

    /** The ECU: extended session needed for 0x22, S3 of 5 s, answers in single frames. */
    static final class SessionEcu {
        final InProcessCanBus.Node node;
        long clock;
        boolean extended;
        long lastRequest = Long.MIN_VALUE;
        int sessionRequests;
        int testerPresents;
        int answered;
        int refusedOutOfSession;

        SessionEcu(InProcessCanBus bus) {
            node = bus.attach("bms", this::receive);
        }

        void reset() {
            extended = false;
        }

        private void receive(CanFrame f) {
            if (f.id() != 0x7E4 || (f.data()[0] & 0xF0) != 0) {
                return;
            }
            if (extended && clock - lastRequest > 5_000_000) {
                extended = false; // S3 ran out
            }
            lastRequest = clock;
            int sid = f.data()[1] & 0xFF;
            if (sid == 0x10 && f.data()[2] == 0x03) {
                sessionRequests++;
                extended = true;
                reply(0x06, 0x50, 0x03, 0x00, 0x32, 0x01, 0xF4);
            } else if (sid == 0x3E) {
                testerPresents++; // 0x80: no answer
            } else if (sid == 0x22) {
                if (!extended) {
                    refusedOutOfSession++;
                    reply(0x03, 0x7F, 0x22, 0x7F);
                } else {
                    answered++;
                    reply(0x04, 0x62, 0x01, 0x01, 160); // SOC 80 %
                }
            }
        }

        private void reply(int... bytes) {
            byte[] d = new byte[8];
            java.util.Arrays.fill(d, (byte) 0xAA);
            for (int i = 0; i < bytes.length; i++) {
                d[i] = (byte) bytes[i];
            }
            node.send(new CanFrame(clock, 0x7EC, false, false, d, 8));
        }
    }

    @Test
    void opensTheSessionKeepsItWithTesterPresentAndReopensItAfterTheEcuLostIt() throws Exception {
        PollDefinition d = PollDefinitionReader.read("test", new StringReader(DEFINITION));
        assertThat(d.modules().get(0).session()).isEqualTo(0x03);
        InProcessCanBus bus = new InProcessCanBus();
        long[] clock = {0};
        DiagPoller[] poller = new DiagPoller[1];
        List<DiagResponse> answers = new ArrayList<>();
        InProcessCanBus.Node agent = bus.attach("agent", f -> poller[0].accept(clock[0], f));
        SessionEcu ecu = new SessionEcu(bus);
        poller[0] = new DiagPoller(d, agent, DiagPoller.Settings.DEFAULT, answers::add);
        for (int i = 0; i < 6_000; i++) { // 60 s: polls at 0, 10, ..., 50 s
            clock[0] += 10_000;
            ecu.clock = clock[0];
            poller[0].tick(clock[0]);
        }
        assertThat(ecu.sessionRequests).as("opened once, then kept").isEqualTo(1);
        assertThat(ecu.refusedOutOfSession).isZero();
        assertThat(answers).hasSizeBetween(5, 7).allSatisfy(a -> assertThat(a.bms().scalar(BmsTarget.SOC))
                .isEqualTo(80.0));
        assertThat(ecu.testerPresents).as("every 2 s between polls 10 s apart").isBetween(20, 31);
        assertThat(poller[0].sessionsOpened()).isEqualTo(1);

        ecu.reset(); // the ECU restarts: back in the default session
        int before = answers.size();
        for (int i = 0; i < 3_000; i++) {
            clock[0] += 10_000;
            ecu.clock = clock[0];
            poller[0].tick(clock[0]);
        }
        assertThat(ecu.refusedOutOfSession).as("the first poll after the reset is refused").isEqualTo(1);
        assertThat(ecu.sessionRequests).as("and the session opened again").isEqualTo(2);
        assertThat(answers.size() - before).as("polling goes on").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aModuleWithoutASessionIsPolledWithoutOpeningOne() throws Exception {
        PollDefinition d = PollDefinitionReader.read("test", new StringReader(
                DEFINITION.replace("\"session\": \"0x03\",", "")));
        assertThat(d.modules().get(0).session()).isZero();
        InProcessCanBus bus = new InProcessCanBus();
        long[] clock = {0};
        DiagPoller[] poller = new DiagPoller[1];
        InProcessCanBus.Node agent = bus.attach("agent", f -> poller[0].accept(clock[0], f));
        SessionEcu ecu = new SessionEcu(bus);
        ecu.extended = true; // answers without asking for a session
        ecu.lastRequest = 0;
        poller[0] = new DiagPoller(d, agent, DiagPoller.Settings.DEFAULT, r -> { });
        for (int i = 0; i < 300; i++) {
            clock[0] += 10_000;
            ecu.clock = clock[0];
            poller[0].tick(clock[0]);
        }
        assertThat(ecu.sessionRequests).isZero();
        assertThat(ecu.testerPresents).isZero();
        assertThat(ecu.answered).isEqualTo(1);
    }
}
