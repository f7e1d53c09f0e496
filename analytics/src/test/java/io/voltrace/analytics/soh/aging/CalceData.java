package io.voltrace.analytics.soh.aging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CALCE's aging cells in the shared data folder next to the repository, read in place and never copied. Tests that
 * need them are skipped, with a visible notice, where they are absent.
 */
final class CalceData {

    private CalceData() {
    }

    /** The aging-calce folder; the calling test is skipped when it is missing. */
    static Path folder() {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../../shared/data");
        Path dir = root.toAbsolutePath().normalize().resolve("aging-calce");
        boolean present = Files.isRegularFile(dir.resolve("CS2_36.csv.gz"));
        if (!present) {
            System.out.println("skipped: CALCE aging data not found at " + dir);
        }
        assumeTrue(present, "skipped: CALCE aging data not found at " + dir);
        return dir;
    }
}
