package io.voltrace.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer tells the batcher whether the store refused the data (retried a bounded number of times, then
 * dead-lettered) or could not be reached or failed (retried until it is back, #16).
 */
class TelemetryWriterRefusalTest {
    static Vertx vertx;

    static final List<TelemetryBatch> BATCH = List.of(new TelemetryBatch(1, "dev", "VTRPE96DEMO001T5C0000201", 1,
            List.of(new PackSample(1_700_000_000_000L, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22))));

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** A store that answers every write with {@code status}. */
    static String storeAnswering(int status) {
        HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end("{\"code\":\"invalid\",\"message\":\"answer " + status + "\"}")).listen(0, "127.0.0.1").await();
        return "http://127.0.0.1:" + server.actualPort();
    }

    static TelemetryStoreException writeTo(String url) {
        try (TelemetryWriter writer = new TelemetryWriter(TelemetryWriter.Target.of(url)
                .withTimeout(Duration.ofSeconds(5)))) {
            return catchThrowableOfType(TelemetryStoreException.class, () -> writer.write(BATCH));
        }
    }

    @Test
    void aBadRequestIsARefusalOfTheData() {
        for (int status : new int[] {400, 413, 422}) {
            TelemetryStoreException e = writeTo(storeAnswering(status));
            assertThat(e).as("HTTP %d", status).isNotNull();
            assertThat(e.rejected()).as("HTTP %d", status).isTrue();
        }
    }

    @Test
    void serverErrorsAuthenticationAndBusyAreNotRefusals() {
        for (int status : new int[] {500, 503, 401, 403, 404, 429}) {
            TelemetryStoreException e = writeTo(storeAnswering(status));
            assertThat(e).as("HTTP %d", status).isNotNull();
            assertThat(e.rejected()).as("HTTP %d", status).isFalse();
        }
    }

    @Test
    void noStoreAtAllIsNotARefusal() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TelemetryStoreException e = writeTo("http://127.0.0.1:" + port);
        assertThat(e).isNotNull();
        assertThat(e.rejected()).isFalse();
    }
}
