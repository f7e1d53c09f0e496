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
 * the store must end up with every point the devices sent, once, and the health reducer, which ran in the ingest
 * throughout and resumed after each kill from its saved watermark, with every sample reduced once (issue #12).
 */
class IngestChaosIT {
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
        // The health reducer resumed after every kill from its saved watermark: every stored sample reduced exactly
        // once, none behind a watermark (the devices send again in their original order, as the agent's spool does),
        // and the charge it counted is exactly what was sent.
        assertThat(result.get("lateSamples").asLong()).isZero();
        assertThat(result.get("unaccountedSamples").asLong()).as("samples in no count").isZero();
        assertThat(result.get("implausibleSamples").asLong()).as("the bench's samples are plausible").isZero();
        assertThat(result.get("reducedSamples").asLong()).isEqualTo(result.get("sentSamples").asLong());
        assertThat(result.get("reducedSamples").asLong() * io.voltrace.common.wire.PackSample.POINTS)
                .isEqualTo(result.get("stored").asLong());
        assertThat(result.get("reducedAhDischarged").asDouble())
                .isCloseTo(result.get("sentAhDischarged").asDouble(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(exit).isZero();
    }
}
