package io.voltrace.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ingest runs in a child JVM and is killed with SIGKILL while devices publish, then restarted on the same data:
 * the store must end up with every point the devices sent, once.
 */
class IngestChaosTest {
    @Test
    void killingTheIngestMidLoadLosesAndDoublesNothing() throws Exception {
        // Under target/, so the child's log survives a failure for whoever investigates it.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chaos")), "run-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = VoltraceCli.commandLine().execute("bench", "ingest", "--devices", "3", "--seconds", "10",
                    "--chaos", "--data", data.toString());
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        System.out.println("ingest chaos: " + result);
        assertThat(result.get("kills").asInt()).isPositive();
        assertThat(result.get("sent").asLong()).isPositive();
        assertThat(result.get("stored").asLong()).isEqualTo(result.get("sent").asLong());
        assertThat(result.get("duplicates").asLong()).isZero();
        assertThat(exit).isZero();
    }
}
