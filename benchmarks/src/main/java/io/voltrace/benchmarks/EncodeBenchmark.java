package io.voltrace.benchmarks;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's and a gateway's path: physical values of one message packed into its payload. The values are
 * those decoded from the same frames as {@link DecodeBenchmark}, so pages and ranges are realistic. One operation is
 * one frame encoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeBenchmark {

    @Param({"reference", "kona"})
    public String frames;

    private DbcMessage[] messages;
    private double[][] values;
    private int next;
    private final byte[] out = new byte[64];

    @Setup(Level.Trial)
    public void setUp() {
        FrameSets loaded = FrameSets.load(frames);
        List<DbcMessage> ms = new ArrayList<>();
        List<double[]> vs = new ArrayList<>();
        for (CanFrame f : loaded.frames()) {
            DbcMessage m = loaded.dbc().message(f.id(), f.extended());
            if (m == null || m.signals().isEmpty()) {
                continue;
            }
            double[] v = new double[m.signals().size()];
            m.decode(f.data(), f.length(), (s, i, raw, physical) -> v[i] = physical);
            ms.add(m);
            vs.add(v);
        }
        int n = Integer.highestOneBit(ms.size());
        messages = ms.subList(0, n).toArray(new DbcMessage[0]);
        values = vs.subList(0, n).toArray(new double[0][]);
    }

    @Benchmark
    public byte[] encodeFrame() {
        int i = next++ & (messages.length - 1);
        messages[i].encode(values[i], out);
        return out;
    }
}
