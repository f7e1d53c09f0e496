package io.voltrace.analytics.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.GradingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageModelTest {
    static TriageModel model;

    @BeforeAll
    static void calibrate() {
        model = new TriageCalibrator("-", 7).calibrate(SyntheticPulses.batteries("C", 30, 10, 1), "synthetic", "LMO");
    }

    @Test
    void estimatesHeldOutBatteriesWithinTheirStatedUncertainty() {
        List<PulseTest> held = SyntheticPulses.batteries("H", 20, 10, 2);
        double abs = 0;
        int inside = 0;
        for (PulseTest t : held) {
            assertThat(model.check(t)).as(t.id()).isEmpty();
            TriageModel.Estimate e = model.estimate(t);
            abs += Math.abs(e.soh() - t.soh());
            if (Math.abs(e.soh() - t.soh()) <= 2 * e.uncertainty()) {
                inside++;
            }
        }
        // 3 mV of OCV offset is worth about 1 % SOH at mid SOC on this curve, more at low SOC.
        assertThat(abs / held.size()).isLessThan(1.5);
        assertThat((double) inside / held.size()).isGreaterThan(0.85);
        assertThat(model.sigmaAt(5)).isGreaterThan(model.sigmaAt(50));
    }

    @Test
    void refusesWhatItWasNotCalibratedOn() {
        PulseTest ok = SyntheticPulses.test("X-1", 10, 30, SyntheticPulses.ocv(30 / 80.0), 0.025, 80);
        assertThat(model.check(ok)).isEmpty();

        PulseTest otherType = SyntheticPulses.test("X-2", 2.1, 30, SyntheticPulses.ocv(30 / 80.0), 0.025, 80);
        assertThat(model.check(otherType)).singleElement().asString()
                .startsWith("Qn: nominal capacity 2.1 Ah, the model was calibrated on 10 Ah batteries");

        PulseTest tooFull = SyntheticPulses.test("X-3", 10, 70, SyntheticPulses.ocv(70 / 80.0), 0.025, 80);
        assertThat(model.check(tooFull)).anySatisfy(r -> assertThat(r).startsWith("SOC: 70 % is outside the "
                + "calibrated 5-50 %"));

        PulseTest lfp = SyntheticPulses.test("X-4", 10, 30, 3.29, 0.025, 80);
        assertThat(model.check(lfp)).anySatisfy(r -> assertThat(r).startsWith("U1: rest voltage 3.29 V at 30 % SOC "
                + "is outside what calibration saw there"));

        double[] u = ok.u().clone();
        u[6] = 9.0;
        assertThat(model.check(new PulseTest("X-5", "x.csv:5", 10, 30, u, Double.NaN)))
                .anySatisfy(r -> assertThat(r).startsWith("U7: 9 V is implausible for this chemistry"));

        double[] swapped = ok.u().clone();
        swapped[1] = ok.u(1) - 0.01;
        assertThat(model.check(new PulseTest("X-6", "x.csv:6", 10, 30, swapped, Double.NaN)))
                .anySatisfy(r -> assertThat(r).startsWith("U1-U2: the charge pulse moved the voltage the wrong way"));
    }

    @Test
    void theModelFileRoundTripsAndRefusesOtherVersions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        TriageModelFile.write(file, model);
        TriageModel back = TriageModelFile.read(file);
        PulseTest t = SyntheticPulses.batteries("R", 1, 10, 3).get(4);
        assertThat(back.estimate(t)).isEqualTo(model.estimate(t));
        assertThat(back.material()).isEqualTo("LMO");

        String text = Files.readString(file);
        assertThat(text).contains("\"format\" : \"voltrace-pulse-triage\"", "\"version\" : 2");
        // A version-1 file (one regression on SOC and U1) is refused by its number, not misread.
        assertThatThrownBy(() -> TriageModelFile.parse(text.replace("\"version\" : 2", "\"version\" : 1"), "m.json"))
                .hasMessageContaining("m.json: model file version 1, this voltrace reads version 2");
        assertThatThrownBy(() -> TriageModelFile.parse(text.replace("\"version\" : 2", "\"version\" : 3"), "m.json"))
                .hasMessageContaining("m.json: model file version 3, this voltrace reads version 2");
        // Weights that no longer average (an edited file) are a damaged model, not a quietly skewed estimate.
        String skewed = text.replaceFirst("\"weight\" : [0-9.E-]+", "\"weight\" : 7.0");
        assertThatThrownBy(() -> TriageModelFile.parse(skewed, "m.json")).hasMessageContaining("damaged model file");
        assertThatThrownBy(() -> TriageModelFile.parse("{\"format\": \"other\"}", "o.json"))
                .hasMessageContaining("o.json: not a pulse-triage model");
        assertThatThrownBy(() -> TriageModelFile.read(dir.resolve("none.json"))).hasMessageContaining("no such model");
    }

    @Test
    void oneModelIsForOneBatteryType() {
        List<PulseTest> mixed = new java.util.ArrayList<>(SyntheticPulses.batteries("A", 5, 10, 4));
        mixed.addAll(SyntheticPulses.batteries("B", 5, 2.1, 5));
        assertThatThrownBy(() -> new TriageCalibrator("-", 1).calibrate(mixed, "mixed.csv", null))
                .hasMessageContaining("Qn: 2.1 Ah where the first row has 10.0 Ah");
        assertThatThrownBy(() -> new TriageCalibrator("-", 1).calibrate(SyntheticPulses.batteries("A", 2, 10, 4),
                "few.csv", null)).hasMessageContaining("at least 3 batteries, few.csv has 2");
    }

    @Test
    void anIntervalAcrossAGradeBoundaryNeedsATest() {
        GradingPolicy p = GradingPolicy.defaults();
        double a = p.reuseGradeA();
        assertThat(TriageGrade.of(a + 5, 1, p).grade()).isEqualTo(Grade.REUSE_A);
        TriageGrade straddle = TriageGrade.of(a + 1, 1, p);
        assertThat(straddle.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(straddle.reason()).contains("straddles the " + Math.round(a) + " % grade boundary");
        assertThat(TriageGrade.of(p.reuseGradeC() - 5, 1, p).grade()).isEqualTo(Grade.RECOVERY);
        assertThat(TriageGrade.of((p.reuseGradeA() + p.reuseGradeB()) / 2, 0.5, p).grade()).isEqualTo(Grade.REUSE_B);
    }
}
