package io.voltrace.analytics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.voltrace.analytics.table.CsvTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A made-up bench test with known truth: a 2 Ah cell of 20 mΩ and a linear OCV. */
class IntakeAnalysisTest {
    static final double R = 0.020;
    static final double CAPACITY = 1.6;

    static double ocv(double soc) {
        return 3.0 + 1.2 * soc;
    }

    /** Standard charge (CC 1 A to 4.2 V, CV), 1 h rest, a 2 A pulse of 30 s, 30 min rest, CC 1 A discharge to 3.0 V. */
    static List<CyclerRow> test() {
        List<CyclerRow> rows = new ArrayList<>();
        double t = 0;
        double soc = 0.2;
        for (; soc < 0.999; soc += 1.0 / 3600 / CAPACITY) {
            rows.add(new CyclerRow(t++, 1.0, Math.min(4.2, ocv(soc) + R), 1, Double.NaN, Double.NaN));
        }
        soc = 1;
        for (int i = 0; i < 3600; i++) {
            // 0.5 mV/h of self-discharge over the rest
            rows.add(new CyclerRow(t++, 0, ocv(soc) - 0.0005 * i / 3600, 2, Double.NaN, Double.NaN));
        }
        double restEnd = ocv(soc) - 0.0005;
        for (int i = 0; i < 30; i++) {
            soc -= 2.0 / 3600 / CAPACITY;
            rows.add(new CyclerRow(t++, -2.0, restEnd - 2.0 * R, 3, Double.NaN, Double.NaN));
        }
        for (int i = 0; i < 1800; i++) {
            rows.add(new CyclerRow(t++, 0, ocv(soc), 4, Double.NaN, Double.NaN));
        }
        while (true) {
            soc -= 1.0 / 3600 / CAPACITY;
            double v = ocv(soc) - R;
            rows.add(new CyclerRow(t++, -1.0, v, 5, Double.NaN, Double.NaN));
            if (v <= 3.0) {
                break;
            }
        }
        rows.add(new CyclerRow(t, 0, ocv(soc), 6, Double.NaN, Double.NaN));
        return rows;
    }

    @Test
    void residualCapacityResistanceAndRestsFromAKnownTest() {
        IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(2.0, 3.0, 4.2, 10)).analyze("C", "t.csv", test(), 0);
        // The 30 s pulse after the full charge took 1/60 Ah out: it counts toward the capacity.
        assertThat(r.discharges()).singleElement().satisfies(d -> {
            // to the cutoff under load: the 20 mV drop at 1 A leaves 0.02/1.2 of the charge in the cell
            assertThat(d.capacityAh()).isCloseTo(CAPACITY * (1 - R / 1.2), offset(0.002));
            assertThat(d.counted()).startsWith("current integral plus 0.01");

            assertThat(d.energyWh()).isGreaterThan(3.0 * d.capacityAh()).isLessThan(4.2 * d.capacityAh());
        });
        assertThat(r.sohPercent()).isCloseTo(100 * r.residualAh() / 2.0, offset(1e-9));
        assertThat(r.resistances()).anySatisfy(x -> {
            assertThat(x.ohms()).isCloseTo(R, offset(0.002));
            assertThat(x.amps()).isEqualTo(-2.0);
            assertThat(x.afterSeconds()).isCloseTo(10.0, offset(1.0));
            assertThat(x.socPercent()).isCloseTo(100.0, offset(1.0));
        });
        assertThat(r.rests()).first().satisfies(rest -> {
            assertThat(rest.hours()).isCloseTo(1, offset(0.01));
            assertThat(rest.ocvVolts()).isCloseTo(4.2, offset(0.002));
            assertThat(rest.driftMvPerHour()).isCloseTo(-0.5, offset(0.05));
        });
        assertThat(r.reasons().get(0)).startsWith("residual capacity 1.5").contains("the last of 1 discharges");
    }

    @Test
    void aDischargeThatStopsShortIsNoResidualCapacityAndSaysWhy() {
        List<CyclerRow> rows = test();
        List<CyclerRow> cut = rows.subList(0, rows.size() - 600);
        IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(2.0, 3.0, 4.2, 10)).analyze("C", "t.csv", cut, 0);
        assertThat(r.discharges()).isEmpty();
        assertThat(r.residualAh()).isNaN();
        assertThat(r.reasons().get(0)).startsWith("no residual-capacity discharge: of 2 discharges, 2 did not reach "
                + "the 3.00 V cutoff");
    }

    @Test
    void theGenericLayoutIsReadAndBadRowsAreNamed() {
        CyclerFile.Read read = CyclerFile.read(CsvTable.of("g.csv",
                "time_s,current_a,voltage_v\n0,0,3.7\n1,x,3.7\n2,1,3.8\n1,1,3.8\n"));
        assertThat(read.rows()).hasSize(2);
        assertThat(read.problems()).containsExactly("g.csv:3: current_a: not a number: 'x'",
                "g.csv:5: time_s: time runs backwards (1.0 after 2.0): one test per file");
        assertThatThrownBy(() -> CyclerFile.read(CsvTable.of("h.csv", "a,b\n1,2\n")))
                .hasMessageStartingWith("h.csv:1: no time column among a, b");
    }
}
