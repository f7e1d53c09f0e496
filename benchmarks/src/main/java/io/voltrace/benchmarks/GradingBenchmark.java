package io.voltrace.benchmarks;

import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.rul.RemainingLife;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.cli.fleet.SimulatedFleet;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.TelemetryRun;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Retirement grading of a fleet. A pack's year of evidence is what one-a-minute telemetry (525,600 rows) reduces to
 * as it arrives: 365 days of voltage and temperature extremes, three rests a day with the lowest cell's OCV drift on
 * the long ones, the latest SOH estimate and the pack's conditions ({@link SimulatedFleet}). Grading at retirement
 * reads that, not a year of raw rows.
 *
 * <ul>
 *   <li>{@code gradeFleet}: one operation grades every pack of the fleet on one thread; the score is seconds per
 *       fleet, so packs/s = packs / score.</li>
 *   <li>{@code gradeFleetParallel}: the same over all cores (a parallel stream).</li>
 *   <li>{@code remainingLife}: one operation is one pack's remaining life (fade fits against age and cycles, 1,000
 *       bootstrap resamples each) from its monthly SOH readings; ops/s is packs per second on one core.</li>
 *   <li>{@code extractDay}: one operation reduces one pack-day of one-a-minute telemetry (1,440 samples) to its
 *       evidence, the incremental job that keeps the evidence current; ops/s is pack-days per second on one core.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class GradingBenchmark {

    @Param({"1000"})
    public int packs;

    private List<SimulatedFleet.Member> fleet;
    private Grader grader;
    private List<PackSample> day;
    private GradingPolicy policy;
    private final RulEstimator rul = RulEstimator.defaults();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        policy = GradingPolicy.defaults();
        grader = new Grader(policy);
        fleet = SimulatedFleet.generate(packs, 1, LocalDate.of(2026, 11, 1), 365);
        day = commuterDay(Chemistry.NMC, 150, 96);
        long days = fleet.stream().mapToLong(m -> m.evidence().days().size()).sum();
        long rests = fleet.stream().mapToLong(m -> m.evidence().rests().size()).sum();
        System.out.printf("%n%d packs, %d days and %d rests of evidence (%d telemetry rows reduced)%n", packs, days,
                rests, fleet.stream().mapToLong(m -> m.evidence().samples()).sum());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public Map<Grade, Integer> gradeFleet() {
        Map<Grade, Integer> counts = new EnumMap<>(Grade.class);
        for (SimulatedFleet.Member m : fleet) {
            counts.merge(grade(m).grade(), 1, Integer::sum);
        }
        return counts;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long gradeFleetParallel() {
        return fleet.parallelStream().map(this::grade).filter(g -> g.grade() == Grade.RECOVERY).count();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 6, time = 2)
    @Measurement(iterations = 5, time = 2)
    public ScreenEvidence extractDay() {
        return ScreenEvidence.extract(day, policy);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public RemainingLife remainingLife() {
        SimulatedFleet.Member m = fleet.get(next++ % fleet.size());
        return rul.estimate(m.history().soh());
    }

    private Grading grade(SimulatedFleet.Member m) {
        PackProfile p = m.history().profile();
        return grader.grade(m.latest(), p.chemistry(), m.evidence(), m.conditions());
    }

    /** One simulated day of a commuter's pack at one sample a minute (the simulator's {@link TelemetryRun}). */
    static List<PackSample> commuterDay(Chemistry chemistry, double nominalAh, int cells) {
        return TelemetryRun.of(new PackSpec(chemistry, cells, nominalAh, 90, 20, 1)).days(1).run().samples();
    }
}
