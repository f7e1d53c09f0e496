package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BMS's own SOH from the bus to the API: a simulated pack's log carries, every ten minutes, the Kona BMS's answer
 * to UDS 0x22 0x0105 (ISO-TP multi-frame on 0x7EC) stating 92.0 % for the first half of the day and 91.5 % after.
 * The agent decodes them (diag.poll on a replay) and sends a BMS_HEALTH statement when the figure is new; the ingest
 * stores them once, through an outage and a restart of the agent, and GET /health shows the latest beside voltrace's
 * own estimate.
 */
class BmsHealthDeliveryTest {
    static final int RESPONSE_ID = 0x7EC;
    static final int REQUEST_ID = 0x7E4;
    /** From the request to the answer's last consecutive frame (43 bytes: a first frame and six more). */
    static final long ANSWER_MICROS = 8000;

    @TempDir
    Path dir;

    @Test
    void theBmsOwnSohReachesTheApiBesideTheEstimateOnceThroughAnOutageAndARestart() throws Exception {
        List<CanFrame> pack = EdgeFixtures.simulate(1, 53);
        long first = pack.get(0).timestampMicros();
        long half = pack.get(pack.size() / 2).timestampMicros();
        List<CanFrame> frames = withSohAnswers(pack, first, pack.get(pack.size() - 1).timestampMicros(), half);
        Path log = EdgeFixtures.writeLog(dir.resolve("bus.log"), frames);
        int port = Ports.free();

        // The ingest is away: everything waits in the spool.
        EdgeAgent offline = EdgeAgent.start(config("tcp://127.0.0.1:" + port));
        try {
            assertThat(offline.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
            assertThat(offline.status().online()).isFalse();
        } finally {
            offline.close();
        }

        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), port, Ports.free()));
        try {
            EdgeFixtures.register(ingest, "veh-bms");
            // Same spool, same log again: the held statements go first, then the log's are sent a second time.
            EdgeAgent again = EdgeAgent.start(config(ingest.mqttUri()));
            try {
                assertThat(again.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(again.awaitDelivered(Duration.ofMinutes(2))).isTrue();
            } finally {
                again.close();
            }
            EdgeEvidenceStore store = new EdgeEvidenceStore(ingest.registry().dataSource());
            List<HealthEvidence> stated = store.evidence(EdgeFixtures.CODE, HealthEvidence.Type.BMS_HEALTH);
            // First answer: 92.0; the first after the half: 91.5 (changed, and more than the hour since); the
            // answers in between repeat the figure and are not sent. Stored once although sent twice.
            assertThat(stated).extracting(HealthEvidence::soh).containsExactly(92.0, 91.5);
            assertThat(stated).allSatisfy(e -> assertThat(e.capacityAh()).isNull());
            assertThat(stated.get(0).ts()).isEqualTo(firstAnswerAtOrAfter(frames, first));
            assertThat(stated.get(1).ts()).isEqualTo(firstAnswerAtOrAfter(frames, half));

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            String admin = new ApiTokens(ingest.registry()).issue(Role.ADMIN, null, "bms test", null).token();
            HttpClient http = HttpClient.newHttpClient();
            String base = ingest.apiBaseUrl() + "/api/v1/batteries/" + EdgeFixtures.CODE;
            HttpResponse<String> assessed = http.send(HttpRequest.newBuilder(URI.create(base + "/assessments"))
                    .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(assessed.statusCode()).as(assessed.body()).isEqualTo(201);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertThat(body.path("bms").path("soh").asDouble()).isEqualTo(91.5);
            assertThat(body.path("bms").path("capacityAh").isNull()).isTrue();
            assertThat(body.path("bms").path("at").asText())
                    .isEqualTo(java.time.Instant.ofEpochMilli(stated.get(1).ts()).toString());
            assertThat(body.has("sohPercent")).as("voltrace's own estimate stays beside it").isTrue();
        } finally {
            ingest.close();
        }
    }

    private AgentConfig config(String server) throws Exception {
        return AgentConfig.load(EdgeFixtures.config(dir.resolve("agent"), Map.of("device.id", "veh-bms",
                "can.source", "replay", "can.log", dir.resolve("bus.log").toString(), "can.replay.pace", "max",
                "spool.dir", dir.resolve("spool").toString(), "mqtt.server", server, "shutdown.drain", "0s",
                "diag.poll", "hyundai-kona-ev")), Map.of());
    }

    /** The pack's frames with the BMS's answer to 0x22 0x0105 every ten minutes, in time order. */
    static List<CanFrame> withSohAnswers(List<CanFrame> pack, long from, long to, long half) {
        List<CanFrame> out = new ArrayList<>(pack);
        for (long t = from + 1_000_000; t < to; t += 600_000_000L) {
            out.addAll(answer(t, t < half ? 92.0 : 91.5));
        }
        out.sort(Comparator.comparingLong(CanFrame::timestampMicros));
        return out;
    }

    /**
     * The request and the answer as the Kona BMS gives it (hyundai-kona-ev.json: data after 62 01 05; SOH at 25-26
     * in 0.1 %, the last two cells at 34-35 in 20 mV), as ISO-TP frames with the tester's flow control.
     */
    static List<CanFrame> answer(long t, double soh) {
        byte[] payload = new byte[3 + 40];
        payload[0] = 0x62;
        payload[1] = 0x01;
        payload[2] = 0x05;
        int raw = (int) Math.round(soh * 10);
        payload[3 + 25] = (byte) (raw >> 8);
        payload[3 + 26] = (byte) raw;
        payload[3 + 34] = (byte) 185; // 3.70 V
        payload[3 + 35] = (byte) 185;
        List<CanFrame> frames = new ArrayList<>();
        frames.add(frame(t, REQUEST_ID, 0x03, 0x22, 0x01, 0x05, 0xAA, 0xAA, 0xAA, 0xAA));
        byte[] ff = new byte[8];
        ff[0] = (byte) (0x10 | (payload.length >> 8));
        ff[1] = (byte) payload.length;
        System.arraycopy(payload, 0, ff, 2, 6);
        frames.add(new CanFrame(t + 1000, RESPONSE_ID, false, false, ff, 8));
        frames.add(frame(t + 2000, REQUEST_ID, 0x30, 0x00, 0x00, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA));
        int sn = 1;
        for (int at = 6; at < payload.length; at += 7, sn++) {
            byte[] cf = new byte[8];
            java.util.Arrays.fill(cf, (byte) 0xAA);
            cf[0] = (byte) (0x20 | (sn & 0x0F));
            System.arraycopy(payload, at, cf, 1, Math.min(7, payload.length - at));
            frames.add(new CanFrame(t + 2000 + sn * 1000L, RESPONSE_ID, false, false, cf, 8));
        }
        return frames;
    }

    private static CanFrame frame(long t, int id, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new CanFrame(t, id, false, false, data, data.length);
    }

    /** When the first answer sent at or after {@code t} was complete (its last consecutive frame), epoch ms. */
    private static long firstAnswerAtOrAfter(List<CanFrame> frames, long t) {
        for (CanFrame f : frames) {
            if (f.id() == REQUEST_ID && f.data()[1] == 0x22 && f.timestampMicros() >= t) {
                return (f.timestampMicros() + ANSWER_MICROS) / 1000;
            }
        }
        throw new AssertionError("no answer after " + t);
    }
}
