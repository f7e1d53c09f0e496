package io.voltrace.ingest.store;

import com.influxdb.LogLevel;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import io.voltrace.common.wire.TelemetryBatch;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Writes telemetry as line protocol to {@code <url>/api/v2/write}: QuestDB, InfluxDB 2/3 and VictoriaMetrics
 * all accept it. Each {@link #write} is one HTTP request that returns only once the store has committed the
 * points, so the caller may acknowledge the MQTT message afterwards. Thread-safe; keep one per store and reuse it.
 */
public final class TelemetryWriter implements AutoCloseable {

    /**
     * Where and how to write.
     *
     * @param url     base URL of the store, e.g. {@code http://127.0.0.1:9000}
     * @param org     InfluxDB 2 organisation (ignored by QuestDB)
     * @param bucket  InfluxDB 2 bucket (ignored by QuestDB)
     * @param token   InfluxDB 2 API token, or null when the store needs none
     * @param timeout bound on connecting, and on sending and acknowledging one request
     * @param basic   HTTP basic credentials (QuestDB's {@code http.user}/{@code http.password}), or null for none
     */
    public record Target(String url, String org, String bucket, String token, Duration timeout, Basic basic) {
        public Target {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }

        public static Target of(String url) {
            return new Target(url, "voltrace", "voltrace", null, Duration.ofSeconds(30), null);
        }

        public Target withTimeout(Duration newTimeout) {
            return new Target(url, org, bucket, token, newTimeout, basic);
        }

        public Target withBasicAuth(String user, String password) {
            return new Target(url, org, bucket, token, timeout, new Basic(user, password));
        }

        @Override
        public String toString() {
            return "Target[" + url + ", org=" + org + ", bucket=" + bucket + ", timeout=" + timeout + "]";
        }
    }

    /** HTTP basic credentials; the password never appears in {@link #toString()}. */
    public record Basic(String user, String password) {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        String header() {
            return okhttp3.Credentials.basic(user, password, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    private final Target target;
    private final InfluxDBClient client;
    private final WriteApiBlocking writeApi;

    public TelemetryWriter(Target target) {
        this.target = Objects.requireNonNull(target, "target");
        Duration connectTimeout = target.timeout().compareTo(Duration.ofSeconds(5)) < 0
                ? target.timeout() : Duration.ofSeconds(5);
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .writeTimeout(target.timeout())
                .readTimeout(target.timeout())
                .callTimeout(target.timeout().plus(connectTimeout));
        if (target.basic() != null) {
            String header = target.basic().header();
            http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .header("Authorization", header).build()));
        }
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(target.url())
                .org(target.org())
                .bucket(target.bucket())
                .okHttpClient(http)
                .logLevel(LogLevel.NONE);
        if (target.token() != null) {
            options.authenticateToken(target.token().toCharArray());
        }
        this.client = InfluxDBClientFactory.create(options.build());
        this.writeApi = client.getWriteApiBlocking();
    }

    public static TelemetryWriter to(String url) {
        return new TelemetryWriter(Target.of(url));
    }

    /**
     * Writes every sample of every batch in one request and waits for the store's acknowledgement.
     *
     * @throws TelemetryStoreException when the store refuses the write, fails, or does not answer within the timeout;
     *                                  nothing may be acknowledged upstream then
     */
    public void write(List<TelemetryBatch> batches) {
        String payload = LineProtocol.encode(batches);
        if (payload.isEmpty()) {
            return;
        }
        try {
            writeApi.writeRecord(WritePrecision.MS, payload);
        } catch (InfluxException e) {
            throw new TelemetryStoreException("write of " + sampleCount(batches) + " samples to " + target.url()
                    + " failed: " + describe(e), e, isRejection(e.status()));
        }
    }

    /**
     * Whether an HTTP status means the store refused this data (a client error: malformed or unacceptable lines, too
     * large a request), so sending the same again is refused again. No answer at all (status 0), a server error, an
     * authentication or routing error (401, 403, 404: the store's setup, not the data) and "try later" (408, 429)
     * mean the store is unreachable or unwell: the write is retried without bound rather than dropping good data.
     */
    static boolean isRejection(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 404 && status != 408
                && status != 429;
    }

    private static int sampleCount(List<TelemetryBatch> batches) {
        int n = 0;
        for (TelemetryBatch batch : batches) {
            n += batch.samples().size();
        }
        return n;
    }

    private static String describe(InfluxException e) {
        if (e.status() == 401 || e.status() == 403) {
            return "HTTP " + e.status() + ": the store refused the credentials (the embedded store's are in "
                    + EmbeddedQuestDb.SECRET_FILE + " under its folder)";
        }
        if (e.status() > 0) {
            return "HTTP " + e.status() + ": " + e.getMessage();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    public Target target() {
        return target;
    }

    @Override
    public void close() {
        client.close();
    }
}
