package io.voltrace.edge.dbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real data next to the repository ({@code ../shared/data}), read in place and never copied. Tests that
 * need it are skipped, with a visible notice, where it is absent.
 */
public final class SharedData {

    private SharedData() {
    }

    /**
     * The folder named by system property {@code voltrace.sharedData} (surefire sets it), or, when the property is not
     * set (a test run from an IDE), {@code ../../shared/data} relative to the module directory.
     */
    public static Path root() {
        String configured = System.getProperty("voltrace.sharedData");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** A sub-folder of the shared data; the calling test is skipped when it is missing. */
    public static Path require(String relative) {
        Path dir = root().resolve(relative);
        if (!Files.isDirectory(dir)) {
            System.out.println("skipped: shared data not found at " + dir);
        }
        assumeTrue(Files.isDirectory(dir), "skipped: shared data not found at " + dir);
        return dir;
    }
}
