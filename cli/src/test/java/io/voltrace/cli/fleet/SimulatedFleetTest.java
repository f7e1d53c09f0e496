package io.voltrace.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.fleet.FleetAnalysis;
import io.voltrace.analytics.fleet.FleetTables;
import io.voltrace.analytics.fleet.PackAssessment;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.common.code.BatteryCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The simulator's fleet through the analytics: graded, tabled, exported. */
class SimulatedFleetTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    private final FleetAnalysis analysis = new FleetAnalysis(RulEstimator.defaults(),
            new RecoveryEstimator(RecoveryAssumptions.defaults()));

    @Test
    void aSimulatedFleetGradesAndExportsAsCsv(@TempDir Path dir) throws IOException {
        List<SimulatedFleet.Member> members = SimulatedFleet.generate(120, 7, AS_OF, 365);
        Grader grader = new Grader(GradingPolicy.defaults());
        Map<String, Grading> gradings = new HashMap<>();
        for (SimulatedFleet.Member m : members) {
            PackProfile p = m.history().profile();
            gradings.put(p.battery(), grader.grade(m.latest(), p.chemistry(), m.evidence(), m.conditions()));
        }
        List<PackAssessment> assessed = analysis.assess(members.stream().map(SimulatedFleet.Member::history).toList(),
                gradings, Map.of());

        Table packs = FleetTables.packs(assessed, AS_OF);
        Path csv = dir.resolve("packs.csv");
        FleetTables.writeCsv(packs, csv);
        List<String> lines = Files.readAllLines(csv);

        assertThat(members).allSatisfy(m -> assertThat(BatteryCode.isValid(m.history().profile().battery())).isTrue());
        assertThat(members.get(0).evidence().days()).hasSize(365);
        assertThat(members.get(0).evidence().rests()).hasSize(3 * 365);
        assertThat(lines).hasSize(121);
        assertThat(lines.get(0)).startsWith("battery,model,chemistry,commissioned,ageYears,ageBand,climate,sohPercent");
        Table grades = FleetTables.gradeCounts(packs);
        assertThat(grades.intColumn("packs").sum()).isEqualTo(120);
        assertThat(grades.stringColumn(FleetTables.GRADE).asList()).as(() -> String.valueOf(gradings.values().stream()
                .filter(g -> g.grade() == Grade.NEEDS_TEST).findFirst().map(Grading::reasons).orElse(List.of())))
                .contains("REUSE_A", "RECOVERY");
        for (String by : List.of(FleetTables.MODEL, FleetTables.CHEMISTRY, FleetTables.AGE_BAND, FleetTables.CLIMATE)) {
            assertThat(FleetTables.sohBy(packs, by).intColumn("packs").sum()).as(by).isEqualTo(120);
        }
        // Packs with a leaking cell, an insulation fault, a thermal event or damage are all sent to recovery.
        for (SimulatedFleet.Member m : members) {
            Grading g = gradings.get(m.history().profile().battery());
            if (m.conditions().thermalEvents() != null) {
                assertThat(g.grade()).isEqualTo(Grade.RECOVERY);
            }
        }
        assertThat(SimulatedFleet.generate(3, 7, AS_OF, 30)).isEqualTo(SimulatedFleet.generate(3, 7, AS_OF, 30));
    }
}
