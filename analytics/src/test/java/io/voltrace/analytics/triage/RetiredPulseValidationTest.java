package io.voltrace.analytics.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The held-out validation on the real PulseBat tests in ../shared/data/retired-pulse (read in place), fewer splits
 * than docs/validation.md's 20 to stay quick; skipped with a notice when the data are absent. It runs development
 * splits (seeds from {@value #DEV_SEED}), never the reporting splits 1…20: a test run is no look at those.
 */
class RetiredPulseValidationTest {
    static final long DEV_SEED = 101;

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
        TriageValidation.Result r = new TriageValidation(10, 0.3, "-", DEV_SEED).run(t.tests(), s -> { });
        assertThat(r.batteries()).isEqualTo(12);
        // Dev splits 101-110: 0.97 % (target 1.0 %; docs/validation.md has the 20 reporting splits: 1.00 %).
        assertThat(r.triageAll().mae()).isLessThan(1.0).isLessThan(0.65 * r.baselineAll().mae());
        assertCovered(r);
    }

    @Test
    void lmoBatteriesHeldOut() {
        PulseCsv.Table t = PulseCsv.read(file("LMO_10Ah.csv"), true);
        TriageValidation.Result r = new TriageValidation(4, 0.3, "-", DEV_SEED).run(t.tests(), s -> { });
        assertThat(r.batteries()).isEqualTo(95);
        // Dev splits 101-104: 1.50 % (20 reporting splits: 1.57 %, the 1.5 % target not met: docs/validation.md).
        assertThat(r.triageAll().mae()).isLessThan(1.56).isLessThan(0.75 * r.baselineAll().mae());
        assertCovered(r);
    }

    /**
     * The uncertainty holds pooled (≥ 90 % of errors inside ±2σ) and at every SOC level; per level with a margin, as
     * a few splits give each level only a few hundred errors (LMO dev 101-104: 88.3 % at 45 % SOC; over 20 splits
     * every level is at 92 % or above, docs/validation.md).
     */
    private static void assertCovered(TriageValidation.Result r) {
        assertThat(r.triageAll().within2Sigma()).isGreaterThan(0.9);
        r.triage().forEach((soc, tally) -> assertThat(tally.within2Sigma()).as("SOC %s %%", soc)
                .isGreaterThanOrEqualTo(0.86));
    }
}
