package io.voltrace.ingest.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rough write rates, printed, never asserted. Off by default; run with
 * {@code ./mvnw -pl cloud-ingest test -Dtest=TelemetryWriteBenchmark -Dvoltrace.bench=true}.
 */
@EnabledIfSystemProperty(named = "voltrace.bench", matches = "true")
class TelemetryWriteBenchmark {

    private static final Duration RUN = Duration.ofSeconds(3);

    @TempDir
    Path root;

    @Test
    void writeRates() {
        for (String commitMode : List.of("nosync", "sync")) {
            Path dir = root.resolve(commitMode);
            try (EmbeddedQuestDb db = EmbeddedQuestDb.start(dir, EmbeddedQuestDb.Ports.ephemeral(),
                    Map.of("QDB_CAIRO_COMMIT_MODE", commitMode));
                 TelemetryWriter writer = new TelemetryWriter(db.writeTarget());
                 TelemetryReader reader = new TelemetryReader(db.pgEndpoint());
                 InfluxDBClient pointClient = InfluxDBClientFactory.create(InfluxDBClientOptions.builder()
                         .url(db.httpUrl()).org("o").bucket("b")
                         .okHttpClient(new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(
                                 chain.request().newBuilder().header("Authorization",
                                         db.writeTarget().basic().header()).build())))
                         .build())) {
                TimeSeriesSchema.ensure(db.pgEndpoint());
                WriteApiBlocking pointApi = pointClient.getWriteApiBlocking();
                int[] serial = {0};
                long[] clock = {1_772_000_000_000L};
                for (int[] shape : new int[][]{{1, 10}, {20, 50}, {100, 50}}) {
                    int batchesPerCall = shape[0];
                    int samplesPerBatch = shape[1];
                    Supplier<List<TelemetryBatch>> next = () -> {
                        List<TelemetryBatch> batches = new ArrayList<>(batchesPerCall);
                        for (int i = 0; i < batchesPerCall; i++) {
                            batches.add(TestTelemetry.batch(TestTelemetry.battery(serial[0]++ % 500), 1,
                                    clock[0], samplesPerBatch, 100));
                        }
                        clock[0] += samplesPerBatch * 100L;
                        return batches;
                    };
                    String shapeName = commitMode + " " + batchesPerCall + "x" + samplesPerBatch + " samples/call";
                    // Alternate, twice: the first runs also warm up the JIT and the server.
                    for (int round = 0; round < 2; round++) {
                        measure(shapeName + ", raw lines", next, writer::write);
                        if (commitMode.equals("nosync")) {
                            measure(shapeName + ", Point objects", next, b -> pointApi.writePoints(points(b)));
                        }
                    }
                }
                reader.awaitApplied(Duration.ofSeconds(60));
                System.out.printf("rows %d, duplicates %d%n", reader.countAll(), reader.duplicateCount());
            }
        }
        encodeOnly();
    }

    private static void measure(String name, Supplier<List<TelemetryBatch>> next,
                                Consumer<List<TelemetryBatch>> write) {
        for (int i = 0; i < 50; i++) {
            write.accept(next.get());
        }
        long points = 0;
        long calls = 0;
        long spent = 0;
        long end = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < end) {
            List<TelemetryBatch> batches = next.get();
            long t = System.nanoTime();
            write.accept(batches);
            spent += System.nanoTime() - t;
            calls++;
            points += batches.stream().mapToLong(TelemetryBatch::points).sum();
        }
        System.out.printf("%-55s %,10.0f points/s  %7.2f ms/call%n", name, points * 1e9 / spent, spent / 1e6 / calls);
    }

    private static List<Point> points(List<TelemetryBatch> batches) {
        List<Point> points = new ArrayList<>();
        for (TelemetryBatch b : batches) {
            for (PackSample s : b.samples()) {
                points.add(Point.measurement(TimeSeriesSchema.TABLE)
                        .addTag(TimeSeriesSchema.BATTERY, b.battery())
                        .addTag(TimeSeriesSchema.DEVICE, b.device())
                        .addField("pack_voltage", s.packVoltage()).addField("pack_current", s.packCurrent())
                        .addField("soc", s.soc()).addField("ah_charged", s.ahCharged())
                        .addField("ah_discharged", s.ahDischarged()).addField("cell_v_min", s.cellVoltageMin())
                        .addField("cell_v_max", s.cellVoltageMax()).addField("cell_v_avg", s.cellVoltageAvg())
                        .addField("temp_min", s.tempMin()).addField("temp_max", s.tempMax())
                        .time(s.ts(), WritePrecision.MS));
            }
        }
        return points;
    }

    private static void encodeOnly() {
        List<TelemetryBatch> batches = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batches.add(TestTelemetry.batch(TestTelemetry.battery(i), 1, 0, 50, 100));
        }
        long points = batches.stream().mapToLong(TelemetryBatch::points).sum();
        for (String way : List.of("raw lines", "Point objects", "raw lines", "Point objects")) {
            long n = 0;
            long t = System.nanoTime();
            long end = t + Duration.ofSeconds(2).toNanos();
            long sink = 0;
            while (System.nanoTime() < end) {
                if (way.equals("raw lines")) {
                    sink += LineProtocol.encode(batches).length();
                } else {
                    for (Point p : points(batches)) {
                        sink += p.toLineProtocol().length();
                    }
                }
                n += points;
            }
            System.out.printf("encode only, %-13s %,12.0f points/s (%d)%n", way, n * 1e9 / (System.nanoTime() - t), sink % 10);
        }
    }
}
