package io.voltrace.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.VoltraceCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A short run of {@code voltrace bench edge}: the agent in a child JVM, its figures as one JSON line at the end. */
class EdgeBenchCommandTest {
    @Test
    void endsWithOneJsonLineOfFigures() throws Exception {
        assertThat(EdgeRuntime.classPath()).contains("edge-agent").contains("org.eclipse.paho")
                .doesNotContain("questdb").doesNotContain("vertx-core");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = VoltraceCli.commandLine().execute("bench", "edge", "--seconds", "6", "--warmup", "3",
                    "--fps", "1000");
        } finally {
            System.setOut(stdout);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1];
        System.out.println(last);
        assertThat(exit).isZero();
        assertThat(last).matches("\\{\"framesPerSecond\": \\d+, \"rssMb\": [\\d.]+, \"cpuPercent\": [\\d.]+, "
                + "\"sent\": \\d+, \"stored\": \\d+}");
        Matcher m = Pattern.compile("\"sent\": (\\d+), \"stored\": (\\d+)").matcher(last);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive().isEqualTo(Long.parseLong(m.group(2)));
        Matcher fps = Pattern.compile("\"framesPerSecond\": (\\d+)").matcher(last);
        assertThat(fps.find()).isTrue();
        assertThat(Long.parseLong(fps.group(1))).as("frames were read at some rate").isPositive();
    }
}
