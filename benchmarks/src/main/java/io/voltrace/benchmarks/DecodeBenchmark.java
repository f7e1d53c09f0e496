package io.voltrace.benchmarks;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import io.voltrace.edge.dbc.SignalSink;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The edge agent's hot path: a frame comes off the bus, its message is looked up by id and every signal present is
 * handed to a sink. One operation is one frame, so ops/s is frames per second on one core, and with {@code -prof gc}
 * {@code gc.alloc.rate.norm} is bytes allocated per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

    @Param({"reference", "kona"})
    public String frames;

    private DbcDatabase dbc;
    private CanFrame[] set;
    private int next;
    private final Accumulator sink = new Accumulator();

    /** What a consumer of decoded values does at least: read each of them. */
    static final class Accumulator implements SignalSink {
        double sum;
        long count;

        @Override
        public void accept(DbcSignal signal, int signalIndex, long raw, double physical) {
            sum += physical;
            count += raw;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        FrameSets loaded = FrameSets.load(frames);
        dbc = loaded.dbc();
        set = loaded.frames();
        long signals = 0;
        for (CanFrame f : set) {
            DbcMessage m = dbc.message(f.id(), f.extended());
            signals += m == null ? 0 : m.decode(f.data(), f.length(), (s, i, r, p) -> { });
        }
        System.out.printf("%n%s: %d frames cycled, %.2f signals per frame%n", frames, set.length,
                (double) signals / set.length);
    }

    @Benchmark
    public void decodeFrame(Blackhole bh) {
        CanFrame f = set[next++ & (FrameSets.SIZE - 1)];
        DbcMessage m = dbc.message(f.id(), f.extended());
        if (m != null) {
            bh.consume(m.decode(f.data(), f.length(), sink));
        }
        bh.consume(sink.sum);
    }
}
