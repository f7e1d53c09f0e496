package io.voltrace.analytics.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The held-out validation on the real PulseBat tests in ../shared/data/retired-pulse (read in place), fewer splits
 * than docs/validation.md's 20 to stay quick; skipped with a notice when the data are absent.
 */
class RetiredPulseValidationTest {

    static Path file(String name) {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../../shared/data");
        Path f = root.resolve("retired-pulse").resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) {
            System.out.println("skipped: retired-pulse data not found at " + f);
        }
        assumeTrue(Files.isRegularFile(f), "skipped: retired-pulse data not found at " + f);
        return f;
    }

    @Test
    void nmcCellsHeldOutByCell() {
        PulseCsv.Table t = PulseCsv.read(file("NMC_2.1Ah.csv"), true);
        assertThat(t.problems()).isEmpty();
        TriageValidation.Result r = new TriageValidation(10, 0.3, "-", 1).run(t.tests(), s -> { });
        assertThat(r.batteries()).isEqualTo(12);
        assertThat(r.triageAll().mae()).isLessThan(1.15).isLessThan(0.75 * r.baselineAll().mae());
        assertThat(r.triageAll().within2Sigma()).isGreaterThan(0.9);
    }

    @Test
    void lmoBatteriesHeldOut() {
        PulseCsv.Table t = PulseCsv.read(file("LMO_10Ah.csv"), true);
        TriageValidation.Result r = new TriageValidation(4, 0.3, "-", 1).run(t.tests(), s -> { });
        assertThat(r.batteries()).isEqualTo(95);
        assertThat(r.triageAll().mae()).isLessThan(1.9).isLessThan(0.9 * r.baselineAll().mae());
        assertThat(r.triageAll().within2Sigma()).isGreaterThan(0.9);
    }
}
