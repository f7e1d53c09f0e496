package io.voltrace.ingest.ledger;

import static io.voltrace.ingest.ledger.LedgerFixture.PACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.testing.Ports;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gradings become ledger events; the latest is retained on MQTT, so a late subscriber gets it (real Mosquitto). */
class GradingRecorderTest {
    static final String MOSQUITTO = "/usr/sbin/mosquitto";
    @TempDir
    Path dir;

    static HealthAssessment assessment(int day, String grade, double soh) {
        return new HealthAssessment(PACK, LedgerFixture.day(day), 50.0, soh, 1.2, 3, "coulomb-counting", grade,
                List.of("SOH " + soh + " % -> " + grade));
    }

    @Test
    void gradingsAreLedgerEventsAndIntakeTriggersAFinalOne() throws Exception {
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            LedgerFixture f = new LedgerFixture(db.registry());
            List<byte[]> published = new java.util.concurrent.CopyOnWriteArrayList<>();
            GradingRecorder recorder = new GradingRecorder(f.ledger, (code, payload) -> published.add(payload));
            assertThat(recorder.record(assessment(0, "REUSE", 90))).as("no history yet").isEmpty();
            f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
            f.transfer(PACK, 1, "manufacturer", "fleet");
            LedgerEvent g = recorder.record(assessment(5, "REUSE", 88.5)).orElseThrow();
            assertThat(g.type()).isEqualTo(EventType.GRADING);
            assertThat(g.actorOrg()).isEqualTo("fleet");
            assertThat(g.detail("grade")).isEqualTo("REUSE");
            JsonNode json = new ObjectMapper().readTree(published.get(0));
            assertThat(json.get("sohPercent").asDouble()).isEqualTo(88.5);
            assertThat(json.get("seq").asLong()).isEqualTo(g.seq());

            f.ledger.addListener(new FinalGrading(code -> recorder.record(assessment(20, "RECYCLE", 55)), Runnable::run));
            f.transfer(PACK, 10, "fleet", "recycler");
            f.record(PACK, EventType.RECYCLER_INTAKE, 20, "recycler");
            List<LedgerEvent> events = f.ledger.events(PACK);
            LedgerEvent last = events.get(events.size() - 1);
            assertThat(last.type()).isEqualTo(EventType.GRADING);
            assertThat(last.actorOrg()).isEqualTo("recycler");
            assertThat(last.detail("grade")).isEqualTo("RECYCLE");
            assertThat(f.ledger.verify(PACK).intact()).isTrue();
        }
    }

    @Test
    void inServiceOnlyGradeChangesArePublishedAndOnlyARetiredBatterysGradingsReachTheLedger() throws Exception {
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            LedgerFixture f = new LedgerFixture(db.registry());
            List<byte[]> published = new java.util.concurrent.CopyOnWriteArrayList<>();
            GradingRecorder recorder = new GradingRecorder(f.ledger, (code, payload) -> published.add(payload));
            f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
            f.transfer(PACK, 1, "manufacturer", "fleet");
            int events = f.ledger.events(PACK).size();

            assertThat(recorder.onAssessed(assessment(2, "REUSE", 91), null)).isEmpty();
            assertThat(recorder.onAssessed(assessment(3, "REUSE", 90.5), "REUSE")).isEmpty();
            assertThat(recorder.onAssessed(assessment(4, "REPURPOSE", 79), "REUSE")).isEmpty();
            assertThat(f.ledger.events(PACK)).as("in service: the assessment history keeps them").hasSize(events);
            assertThat(published).as("the first grade and the change, not the repeat").hasSize(2);
            JsonNode change = new ObjectMapper().readTree(published.get(1));
            assertThat(change.get("grade").asText()).isEqualTo("REPURPOSE");
            assertThat(change.get("custodianOrg").asText()).isEqualTo("fleet");
            assertThat(change.get("seq").isNull()).isTrue();

            f.transfer(PACK, 10, "fleet", "recycler");
            f.record(PACK, EventType.RECYCLER_INTAKE, 11, "recycler");
            LedgerEvent g = recorder.onAssessed(assessment(12, "REPURPOSE", 78.5), "REPURPOSE").orElseThrow();
            assertThat(g.type()).isEqualTo(EventType.GRADING);
            assertThat(g.detail("grade")).isEqualTo("REPURPOSE");
            assertThat(published).as("a retired battery's grading is published with its ledger event").hasSize(3);
            assertThat(f.ledger.verify(PACK).intact()).isTrue();
        }
    }

    @Test
    void theLatestGradingIsRetainedOnTheBroker() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(MOSQUITTO)), "SKIPPED: mosquitto is not installed at " + MOSQUITTO);
        int port = Ports.free();
        Files.writeString(dir.resolve("m.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + "log_dest file " + dir.resolve("m.log") + "\n");
        Process broker = new ProcessBuilder(MOSQUITTO, "-c", dir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            awaitPort(port);
            String uri = "tcp://127.0.0.1:" + port;
            try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2);
                 MqttGradingPublisher publisher = MqttGradingPublisher.connect(uri, "grading-test", null, null,
                         Duration.ofSeconds(10))) {
                LedgerFixture f = new LedgerFixture(db.registry());
                GradingRecorder recorder = new GradingRecorder(f.ledger, publisher);
                f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
                recorder.record(assessment(1, "REUSE", 91));
                recorder.record(assessment(2, "REPURPOSE", 79));
            }
            // A recycler subscribing afterwards receives the newest grading only, flagged retained.
            BlockingQueue<MqttMessage> got = new ArrayBlockingQueue<>(10);
            MqttAsyncClient sub = new MqttAsyncClient(uri, "recycler-sub", new MemoryPersistence());
            sub.setCallback(new MqttCallback() {
                public void disconnected(MqttDisconnectResponse r) {
                }

                public void mqttErrorOccurred(MqttException e) {
                }

                public void messageArrived(String topic, MqttMessage m) {
                    if (topic.equals(GradingRecorder.topic(PACK))) {
                        got.add(m);
                    }
                }

                public void deliveryComplete(IMqttToken t) {
                }

                public void connectComplete(boolean reconnect, String uri) {
                }

                public void authPacketArrived(int code, MqttProperties p) {
                }
            });
            sub.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
            sub.subscribe("voltrace/v1/grading/+", 1).waitForCompletion(10_000);
            MqttMessage m = got.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("retained grading").isNotNull();
            assertThat(m.isRetained()).isTrue();
            JsonNode json = new ObjectMapper().readTree(m.getPayload());
            assertThat(json.get("grade").asText()).isEqualTo("REPURPOSE");
            assertThat(got.poll(500, TimeUnit.MILLISECONDS)).as("only the latest is retained").isNull();
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not start");
    }
}
