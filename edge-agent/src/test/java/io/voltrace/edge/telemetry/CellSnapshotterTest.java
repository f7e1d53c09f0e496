package io.voltrace.edge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellSnapshotterTest {
    @Test
    void waitsForEveryCellThenTakesSnapshotsAtTheInterval() {
        double[] volts = new double[4];
        Arrays.fill(volts, Double.NaN);
        double[] temps = {20, 21};
        List<CellSnapshot> out = new ArrayList<>();
        CellSnapshotter s = new CellSnapshotter(4, 2, 10, i -> volts[i], i -> temps[i], out::add);
        long t = 1_000_000_000_000L;
        s.onFrame(t);
        volts[0] = 3.7;
        s.onFrame(t + 10_000_000);
        assertThat(out).as("cells 2..4 have not reported").isEmpty();
        volts[1] = 3.71;
        volts[2] = 3.72;
        volts[3] = 3.73;
        s.onFrame(t + 11_000_000);
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.ts()).isEqualTo((t + 11_000_000) / 1000);
            assertThat(c.voltages()).containsExactly(3.7, 3.71, 3.72, 3.73);
            assertThat(c.temperatures()).containsExactly(20, 21);
        });
        s.onFrame(t + 15_000_000);
        s.onFrame(t + 20_000_000);
        assertThat(out).hasSize(2);
    }

    @Test
    void aCellThatNeverReportsGoesOutAbsentAfterTheGrace() {
        double[] volts = {3.7, Double.NaN};
        List<CellSnapshot> out = new ArrayList<>();
        CellSnapshotter s = new CellSnapshotter(2, 0, 1, i -> volts[i], i -> 0, out::add);
        for (int k = 0; k <= 600; k++) {
            s.onFrame(k * 1_000_000L);
        }
        assertThat(out).as("ten minutes of grace").isEmpty();
        s.onFrame(602_000_000L);
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).voltage(1)).isNaN();
    }

    @Test
    void spoolPayloadsKeepEveryBit() {
        PackSample p = new PackSample(123, 355.21, -42.55, 61.3, 10.25, Double.NaN, 3.69, 3.71, 3.7, 21, 23);
        assertThat(SpoolPayloads.decodeSample(SpoolPayloads.encode(p))).isEqualTo(p);
        CellSnapshot c = new CellSnapshot(5, new double[] {3.7, Double.NaN}, new double[] {25.5});
        assertThat(SpoolPayloads.decodeSnapshot(SpoolPayloads.encode(c))).isEqualTo(c);
    }
}
