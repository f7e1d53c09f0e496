package io.voltrace.analytics.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted packs through the default policy: healthy, faded, unsafe and thinly evidenced. Every case must come out at
 * its grade with its reasons; the table is printed as markdown (and written to target/grading-cases.md) for
 * docs/validation.md.
 */
class GradingCasesTest {
    private static final double NOMINAL_AH = 100;
    private static final List<String> ROWS = new ArrayList<>();

    record Case(String name, String evidence, Chemistry chemistry, Supplier<List<PackSample>> samples,
                PackConditions conditions, Grade expected, String expectedReason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        PackConditions none = PackConditions.none();
        return Stream.of(
                new Case("healthy", "NMC, true SOH 95 %, 30 days", Chemistry.NMC,
                        () -> nmc(95).samples(), none, Grade.REUSE_A, "cascade reuse grade A"),
                new Case("faded to 74 %", "NMC, true SOH 74 %, 30 days", Chemistry.NMC,
                        () -> nmc(74).seed(2).samples(), none, Grade.REUSE_B, "cascade reuse grade B"),
                new Case("faded to 65 %", "NMC, true SOH 65 %, 30 days", Chemistry.NMC,
                        () -> nmc(65).seed(3).samples(), none, Grade.REUSE_C, "cascade reuse grade C"),
                new Case("worn out", "NMC, true SOH 55 %, 30 days", Chemistry.NMC,
                        () -> nmc(55).seed(4).samples(), none, Grade.RECOVERY, "is below 60: material recovery"),
                new Case("grown resistance", "SOH 90 %, resistance +60 %", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withResistanceIncreasePercent(60), Grade.REUSE_A,
                        "low-speed vehicles dropped"),
                new Case("weak cell", "SOH 95 %, one cell at 70 % of its pack-mates' capacity", Chemistry.NMC,
                        () -> nmc(95).weakCell(0.7).samples(), none, Grade.RECOVERY,
                        "V > 0.100 V: material recovery"),
                new Case("leaking cell", "SOH 92 %, lowest cell loses 5 %/day parked", Chemistry.NMC,
                        () -> LeakyCell.leak(nmc(92).samples(), Chemistry.NMC.ocv(), 5), none, Grade.RECOVERY,
                        "internal short suspected"),
                new Case("insulation fault", "SOH 90 %, 20 kΩ at 400 V", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withInsulation(new InsulationTest(20_000, 400)),
                        Grade.RECOVERY, "insulation 50 Ω/V"),
                new Case("thermal event", "SOH 90 %, 1 thermal event on record", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withThermalEvents(1), Grade.RECOVERY,
                        "1 thermal event recorded > 0 allowed"),
                new Case("crash damage", "SOH 90 %, MECHANICAL_DAMAGE reported", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withFaults(Set.of(Fault.MECHANICAL_DAMAGE)), Grade.RECOVERY,
                        "fault reported: MECHANICAL_DAMAGE"),
                new Case("overheated", "SOH 90 %, 65 °C for 10 min", Chemistry.NMC,
                        () -> nmc(90).peakTemp(65).samples(), none, Grade.NEEDS_TEST, "held back"),
                new Case("BMS fault", "SOH 90 %, BMS_FAULT reported", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withFaults(Set.of(Fault.BMS_FAULT)), Grade.NEEDS_TEST,
                        "repair and test before reuse"),
                new Case("resistance doubled", "SOH 90 %, resistance +120 %", Chemistry.NMC,
                        () -> nmc(90).samples(), none.withResistanceIncreasePercent(120), Grade.NEEDS_TEST,
                        "bench test before any reuse"),
                new Case("one day only", "SOH 90 %, 1 day of telemetry", Chemistry.NMC,
                        () -> nmc(90).days(1).samples(), none, Grade.NEEDS_TEST, "telemetry spans 1.0 days"),
                new Case("six days only", "SOH 90 %, 6 days of telemetry", Chemistry.NMC,
                        () -> nmc(90).days(6).samples(), none, Grade.NEEDS_TEST, "telemetry spans 6.0 days"),
                new Case("never rests", "SOH 90 %, 3 A load every 10 min when parked", Chemistry.NMC,
                        () -> nmc(90).restless().samples(), none, Grade.NEEDS_TEST, "capacity not established"),
                new Case("no telemetry", "SOH 90 % from a bench test, no telemetry", Chemistry.NMC,
                        List::of, none, Grade.NEEDS_TEST, "no telemetry: no safety screen possible"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradesTheCraftedCase(Case c) {
        List<PackSample> samples = c.samples().get();
        SohEstimate estimate = samples.isEmpty()
                ? SohEstimate.of("P1", 90, 90, 0.5, 12, "bench capacity test")
                : CapacityEstimator.defaults().estimate("P1", c.chemistry(), NOMINAL_AH, samples);

        Grading g = new Grader(GradingPolicy.defaults()).grade(estimate, c.chemistry(), samples, c.conditions());

        assertThat(g.grade()).as(String.join("\n", g.reasons())).isEqualTo(c.expected());
        assertThat(g.reasons()).as("reasons").anyMatch(r -> r.contains(c.expectedReason()));
        ROWS.add("| " + c.name() + " | " + c.evidence() + " | " + g.grade() + " | " + String.join(", ", g.uses())
                + " | " + String.join("; ", deciding(g)).replace("|", "\\|") + " |");
    }

    /** The reasons that moved the decision: the lines that say what happens to the pack. */
    private static List<String> deciding(Grading g) {
        List<String> out = new ArrayList<>();
        for (String r : g.reasons()) {
            boolean decisive = r.contains("cascade reuse grade") || r.contains("material recovery")
                    || r.contains("held back") || r.contains("not established") || r.contains("not screened")
                    || r.contains("telemetry spans") || r.contains("no telemetry") || r.contains("dropped")
                    || r.contains("low-rate uses") || r.contains("repair and test") || r.contains("inspect before")
                    || r.contains("bench test before");
            if (decisive && !r.startsWith("failed safety screen")) {
                out.add(r);
            }
        }
        return out;
    }

    @AfterAll
    static void printTable() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| case | evidence | grade | uses | deciding reasons |");
        lines.add("|---|---|---|---|---|");
        lines.addAll(ROWS);
        String table = String.join("\n", lines) + "\n";
        System.out.println("Grading of crafted cases (default policy):\n" + table);
        Path out = Path.of("target", "grading-cases.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static SimulatedPack nmc(double soh) {
        return SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, soh);
    }
}
