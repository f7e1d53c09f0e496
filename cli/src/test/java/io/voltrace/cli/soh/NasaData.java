package io.voltrace.cli.soh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NASA PCoE's aging data in the shared data folder next to the repository, read in place and never copied. Tests
 * that need it are skipped, with a visible notice, where it is absent.
 */
final class NasaData {

    private NasaData() {
    }

    /** The shared data folder: system property {@code voltrace.sharedData} (surefire sets it), else ../../shared/data. */
    static Path root() {
        String configured = System.getProperty("voltrace.sharedData");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** The discharge_cycles folder; the calling test is skipped when it is missing. */
    static Path discharges() {
        Path dir = root().resolve("aging-nasa").resolve("discharge_cycles");
        if (!Files.isDirectory(dir)) {
            System.out.println("skipped: NASA aging data not found at " + dir);
        }
        assumeTrue(Files.isDirectory(dir), "skipped: NASA aging data not found at " + dir);
        return dir;
    }
}
