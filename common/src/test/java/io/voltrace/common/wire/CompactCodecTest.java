package io.voltrace.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactCodecTest {
    static final String DEVICE = "veh-0001";
    static final String CODE = "VTRPE96DEMO001T5C0000001";

    /** A minute of a 96-cell pack under load: samples at 1 Hz, a snapshot every 10 s. */
    static PackTelemetry drivingMinute(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PackSample> samples = new ArrayList<>();
        List<CellSnapshot> cells = new ArrayList<>();
        double ahOut = 120.5;
        double[] base = new double[96];
        for (int c = 0; c < 96; c++) {
            base[c] = 3.70 + 0.01 * random.nextGaussian();
        }
        long t0 = 1_790_000_000_000L;
        for (int s = 0; s < 60; s++) {
            long ts = t0 + s * 1000L + random.nextInt(3);
            double amps = -40 + 15 * Math.sin(s / 7.0) + 0.05 * random.nextGaussian();
            ahOut += -amps / 3600;
            samples.add(new PackSample(ts, 355.2 + amps * 0.08, amps, 61.3 - s * 0.01, 10.25, ahOut,
                    3.690 + 0.001 * random.nextInt(3), 3.712, 3.7001, 24.5, 27.0 + s * 0.01));
            if (s % 10 == 0) {
                double[] v = new double[96];
                for (int c = 0; c < 96; c++) {
                    v[c] = Math.round((base[c] + amps * 0.0008 + 0.0008 * random.nextGaussian()) * 1000) / 1000.0;
                }
                double[] t = new double[16];
                Arrays.fill(t, 25.0 + s * 0.01);
                cells.add(new CellSnapshot(ts, v, t));
            }
        }
        return new PackTelemetry(DEVICE, CODE, 42, samples, cells);
    }

    /** What the decoder must give back: each value at its channel's resolution. */
    static PackTelemetry quantized(PackTelemetry m) {
        byte[] r = CompactCodec.DEFAULT_RESOLUTION;
        List<PackSample> samples = m.samples().stream().map(s -> new PackSample(s.ts(),
                q(s.packVoltage(), r[0]), q(s.packCurrent(), r[1]), q(s.soc(), r[2]), q(s.ahCharged(), r[3]),
                q(s.ahDischarged(), r[4]), q(s.cellVoltageMin(), r[5]), q(s.cellVoltageMax(), r[6]),
                q(s.cellVoltageAvg(), r[7]), q(s.tempMin(), r[8]), q(s.tempMax(), r[9]))).toList();
        List<CellSnapshot> cells = m.cells().stream().map(c -> new CellSnapshot(c.ts(),
                Arrays.stream(c.voltages()).map(v -> q(v, r[10])).toArray(),
                Arrays.stream(c.temperatures()).map(v -> q(v, r[11])).toArray())).toList();
        return new PackTelemetry(m.device(), m.battery(), m.seq(), samples, cells);
    }

    static double q(double v, int exponent) {
        return Double.isFinite(v) ? CompactCodec.dequantize(CompactCodec.quantize(v, exponent, 0), exponent)
                : Double.NaN;
    }

    @Test
    void roundTripsAtTheStatedResolution() throws Exception {
        PackTelemetry m = drivingMinute(1);
        byte[] bytes = CompactCodec.encode(m);
        PackTelemetry back = CompactCodec.decode(bytes);
        assertThat(back).isEqualTo(quantized(m));
        // Values within half a quantum of what was sent.
        for (int i = 0; i < m.samples().size(); i++) {
            assertThat(back.samples().get(i).packCurrent()).isCloseTo(m.samples().get(i).packCurrent(),
                    org.assertj.core.data.Offset.offset(0.0005));
            assertThat(back.samples().get(i).ts()).isEqualTo(m.samples().get(i).ts());
        }
        assertThat(back.cells().get(3).voltage(17)).isEqualTo(m.cells().get(3).voltage(17));
        byte[] json = WireCodec.encode(m);
        System.out.printf("compact: %d bytes for 60 samples and 6 snapshots of 96 cells (JSON %d bytes)%n",
                bytes.length, json.length);
        assertThat(bytes.length).isLessThan(json.length / 4);
    }

    @Test
    void keepsAbsentValuesAbsent() throws Exception {
        double nan = Double.NaN;
        PackTelemetry m = new PackTelemetry(DEVICE, CODE, 0, List.of(
                new PackSample(1000, 355.0, nan, 50, 1, 2, 3.6, 3.7, 3.65, nan, nan),
                new PackSample(2000, 356.0, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 21)),
                List.of(new CellSnapshot(1500, new double[] {3.6, nan, 3.7}, new double[] {nan}),
                        new CellSnapshot(2500, new double[] {3.61, 3.62, nan}, new double[] {22.5})));
        PackTelemetry back = CompactCodec.decode(CompactCodec.encode(m));
        assertThat(back).isEqualTo(quantized(m));
        assertThat(WireCodec.decode(WireCodec.encode(m))).as("JSON schema 2 too").isEqualTo(m);
        assertThat(back.samples().get(0).packCurrent()).isNaN();
        assertThat(back.samples().get(1).packCurrent()).isEqualTo(-10);
        assertThat(back.cells().get(0).voltage(1)).isNaN();
        assertThat(back.cells().get(1).voltage(1)).isEqualTo(3.62);
        assertThat(back.cells().get(1).voltage(2)).isNaN();
    }

    @Test
    void everyTruncationIsRefusedWithTheFieldAndOffset() {
        byte[] bytes = CompactCodec.encode(drivingMinute(2));
        for (int n = 2; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> CompactCodec.decode(cut)).as("cut at %d", n)
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("at byte");
        }
    }

    @Test
    void refusesWrongMagicVersionTypeAndTrailingBytes() {
        byte[] good = CompactCodec.encode(drivingMinute(3));
        byte[] version = good.clone();
        version[2] = 9;
        assertThatThrownBy(() -> CompactCodec.decode(version)).hasMessageContaining("unknown compact format version 9");
        byte[] type = good.clone();
        type[3] = 7;
        assertThatThrownBy(() -> CompactCodec.decode(type)).hasMessageContaining("unknown compact message type 7");
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> CompactCodec.decode(trailing)).hasMessageContaining("2 unexpected bytes");
        assertThatThrownBy(() -> CompactCodec.decode("{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("does not start with 'VT'");
    }

    @Test
    void refusesValuesTooLargeForTheirResolution() {
        PackTelemetry m = new PackTelemetry(DEVICE, CODE, 0,
                List.of(new PackSample(0, 1e20, 0, 0, 0, 0, 0, 0, 0, 0, 0)), List.of());
        assertThatThrownBy(() -> CompactCodec.encode(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void receiversTellTheFormatsApart() throws Exception {
        PackTelemetry withCells = drivingMinute(4);
        PackTelemetry packOnly = new PackTelemetry(DEVICE, CODE, 5, withCells.samples(), List.of());

        // Without snapshots the JSON is exactly the schema-1 batch older receivers read.
        assertThat(WireCodec.encode(packOnly)).isEqualTo(WireCodec.encode(packOnly.packBatch()));
        assertThat(WireFormat.detect(WireCodec.encode(packOnly))).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.detect(CompactCodec.encode(packOnly))).isEqualTo(WireFormat.COMPACT);
        assertThat(WireFormat.detect(" \n{".getBytes(StandardCharsets.UTF_8))).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.detect(new byte[] {1, 2})).isNull();

        // Schema 2 JSON carries the snapshots exactly.
        byte[] json2 = WireCodec.encode(withCells);
        assertThat(new String(json2, StandardCharsets.UTF_8)).startsWith("{\"schema\":2,");
        assertThat(WireCodec.decode(json2)).isEqualTo(withCells);

        // The store's entry point reads all three and gives the pack samples.
        assertThat(WireCodec.decodeTelemetry(WireCodec.encode(packOnly))).isEqualTo(packOnly.packBatch());
        assertThat(WireCodec.decodeTelemetry(json2)).isEqualTo(withCells.packBatch());
        assertThat(WireCodec.decodeTelemetry(CompactCodec.encode(withCells)))
                .isEqualTo(quantized(withCells).packBatch());
        assertThat(WireCodec.decode(WireCodec.encode(withCells, WireFormat.COMPACT))).isEqualTo(quantized(withCells));

        assertThatThrownBy(() -> WireCodec.decodeTelemetry(new byte[] {1, 2, 3}))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not a telemetry batch");
    }

    @Test
    void topicsIncludeTheStatusTopic() {
        assertThat(Topics.status("veh-1")).isEqualTo("voltrace/v1/veh-1/status");
        assertThat(Topics.deviceOfTelemetry(Topics.status("veh-1"))).isNull();
    }
}
