package io.voltrace.edge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.WireFormat;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.spool.FsyncPolicy;
import io.voltrace.edge.spool.RecordKind;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolConfig;
import io.voltrace.edge.testing.Mosquitto;
import io.voltrace.testing.MqttPublishTap;
import io.voltrace.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes on the wire per pack-second for a 96-cell pack: pack signals at 1 Hz, every cell voltage and temperature at
 * the configured snapshot rate, ten seconds of data per message, measured as TCP payload bytes both ways between the
 * agent's uplink and a Mosquitto with topic aliases off (every PUBLISH carries its full topic). The data change every
 * second in every cell (measurement noise of a real BMS), so the compact encoding gets no free zeros.
 */
class PayloadSizeTest {
    static final int SECONDS = 600;
    static final int CELLS = 96;
    static final int SENSORS = 16;

    @TempDir
    Path dir;

    record Row(String format, int cellInterval, double upPerSecond, double downPerSecond, double payloadPerSecond) {
    }

    @Test
    void measuresBytesPerPackSecond() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), "allow_anonymous true\nmax_topic_alias 0\n",
                List.of(""))) {
            for (WireFormat format : WireFormat.values()) {
                for (int cellInterval : new int[] {0, 60, 10, 1}) {
                    rows.add(measure(broker, format, cellInterval));
                }
            }
        }
        System.out.println("bytes per pack-second, 96 cells, 16 sensors, pack signals at 1 Hz, 10 s per message:");
        System.out.println("format   cells every   up (agent->broker)   down   payload only");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-8s %-13s %10.1f %12.1f %10.1f%n", r.format(),
                    r.cellInterval() == 0 ? "off" : r.cellInterval() + " s", r.upPerSecond(), r.downPerSecond(),
                    r.payloadPerSecond());
        }
        for (Row r : rows) {
            if (r.format().equals("COMPACT")) {
                assertThat(r.upPerSecond() + r.downPerSecond()).as("compact, cells every %d s", r.cellInterval())
                        .isLessThanOrEqualTo(300);
            }
        }
    }

    private Row measure(Mosquitto broker, WireFormat format, int cellInterval) throws Exception {
        Path spoolDir = dir.resolve(format + "-" + cellInterval);
        int perMessage = 10 + (cellInterval == 0 ? 0 : Math.max(1, 10 / cellInterval));
        MqttPublishTap tap = new MqttPublishTap();
        try (TcpProxy proxy = new TcpProxy(broker.port());
             Spool spool = Spool.open(new SpoolConfig(spoolDir, 64L << 20, 1L << 20, FsyncPolicy.never()))) {
            proxy.tapUpstream(tap::newConnection);
            for (Object o : drive(cellInterval)) {
                if (o instanceof PackSample s) {
                    spool.append(RecordKind.PACK_SAMPLE, "VTRPE96DEMO001T5C0000042", s.ts(), SpoolPayloads.encode(s));
                } else {
                    CellSnapshot c = (CellSnapshot) o;
                    spool.append(RecordKind.CELL_SNAPSHOT, "VTRPE96DEMO001T5C0000042", c.ts(),
                            SpoolPayloads.encode(c));
                }
            }
            SpoolUplink uplink = new SpoolUplink(spool, new SpoolUplink.Settings("veh-0001", format, perMessage,
                    Duration.ofSeconds(10), 1 << 20, null));
            MqttLink link = new MqttLink(MqttLinkConfig.plain(proxy.uri(), "veh-0001", null), uplink);
            uplink.start(link);
            link.start();
            assertThat(uplink.drain(Duration.ofMinutes(1))).isTrue();
            uplink.close();
            link.close();
            Thread.sleep(200);
            List<MqttPublishTap.Publish> telemetry = tap.publishes().stream()
                    .filter(p -> p.topic().endsWith("/telemetry")).toList();
            long payloadBytes = telemetry.stream().mapToLong(p -> p.payload().length).sum();
            long framing = telemetry.stream().mapToLong(p -> p.wireBytes() - p.payload().length).sum();
            System.out.printf(Locale.ROOT, "%s cells %d s: %d messages, %.1f bytes of MQTT framing each%n", format,
                    cellInterval, telemetry.size(), framing / (double) telemetry.size());
            return new Row(format.name(), cellInterval, proxy.upstreamBytes() / (double) SECONDS,
                    proxy.downstreamBytes() / (double) SECONDS, payloadBytes / (double) SECONDS);
        }
    }

    /** Ten minutes of a 96-cell NMC pack in traffic: samples each second, snapshots at the given interval. */
    static List<Object> drive(int cellInterval) {
        SplittableRandom random = new SplittableRandom(42);
        double[] resistance = new double[CELLS];
        double[] capacityShare = new double[CELLS];
        for (int c = 0; c < CELLS; c++) {
            resistance[c] = 0.0009 * (1 + 0.05 * random.nextGaussian());
            capacityShare[c] = 1 + 0.01 * random.nextGaussian();
        }
        double soc = 70;
        double amps = -40;
        double ahOut = 1234.5;
        double ahIn = 1100.25;
        double temp = 28;
        long t0 = 1_790_000_000_000L;
        List<Object> out = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            long ts = t0 + s * 1000L;
            amps = 0.9 * amps + 0.1 * -45 + 12 * random.nextGaussian();
            soc += amps / 3600 / 60 * 100;
            if (amps < 0) {
                ahOut -= amps / 3600;
            } else {
                ahIn += amps / 3600;
            }
            temp += 0.002 * Math.abs(amps) / 40;
            double[] cells = new double[CELLS];
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int c = 0; c < CELLS; c++) {
                double v = Chemistry.NMC.ocv().voltsAt(Math.min(100, soc / capacityShare[c])) + amps * resistance[c]
                        + 0.0008 * random.nextGaussian();
                cells[c] = Math.round(v * 1000) / 1000.0; // the BMS reports 1 mV
                sum += cells[c];
                min = Math.min(min, cells[c]);
                max = Math.max(max, cells[c]);
            }
            double[] temps = new double[SENSORS];
            for (int k = 0; k < SENSORS; k++) {
                temps[k] = Math.round(temp + k * 0.3 + 0.3 * random.nextGaussian()); // 1 °C
            }
            out.add(new PackSample(ts, Math.round(sum * 100) / 100.0, Math.round(amps * 20) / 20.0,
                    Math.round(soc * 10) / 10.0, ahIn, ahOut, min, max, sum / CELLS, temps[0], temps[SENSORS - 1]));
            if (cellInterval > 0 && s % cellInterval == 0) {
                out.add(new CellSnapshot(ts, cells, temps));
            }
        }
        return out;
    }
}
