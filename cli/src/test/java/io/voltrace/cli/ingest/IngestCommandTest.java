package io.voltrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.cli.VoltraceCli;
import io.voltrace.common.config.LayeredSettings;
import io.voltrace.ingest.IngestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./voltrace ingest}'s settings: the file, then VOLTRACE_INGEST_* variables, then flags, later ones winning. */
class IngestCommandTest {
    @TempDir
    Path dir;

    IngestCommand parse(String... args) {
        IngestCommand command = new IngestCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "http.port = 8001\nmqtt.port = 1801\nbind = 10.0.0.1\ndata.dir = from-file\n");
        Map<String, String> env = Map.of("VOLTRACE_INGEST_HTTP_PORT", "8002", "VOLTRACE_INGEST_MQTT_PORT", "1802");

        IngestCommand withFlag = parse("--config", file.toString(), "--http-port", "8003");
        LayeredSettings s = withFlag.settings(env);
        IngestConfig c = IngestCommand.configFrom(s);

        assertThat(c.httpPort()).isEqualTo(8003);                    // flag over environment and file
        assertThat(s.origin("http.port")).isEqualTo("command line");
        assertThat(c.mqttPort()).isEqualTo(1802);                    // environment over file
        assertThat(s.origin("mqtt.port")).isEqualTo("environment VOLTRACE_INGEST_MQTT_PORT");
        assertThat(c.bindHost()).isEqualTo("10.0.0.1");                  // file alone
        assertThat(c.dataDir()).isEqualTo(Path.of("from-file"));

        IngestConfig noFlag = IngestCommand.configFrom(parse("--config", file.toString()).settings(env));
        assertThat(noFlag.httpPort()).isEqualTo(8002);
        IngestConfig fileOnly = IngestCommand.configFrom(parse("--config", file.toString()).settings(Map.of()));
        assertThat(fileOnly.httpPort()).isEqualTo(8001);
        IngestConfig defaults = IngestCommand.configFrom(parse().settings(Map.of()));
        assertThat(defaults.httpPort()).isEqualTo(8080);
        assertThat(defaults.mqttPort()).isEqualTo(1884);
    }

    @Test
    void helpStatesTheOrder() {
        StringWriter out = new StringWriter();
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("ingest", "--help")).isZero();
        String description = String.join(" ",
                cli.getSubcommands().get("ingest").getCommandSpec().usageMessage().description());
        assertThat(description).contains("--config FILE (key = value lines, see deploy/ingest.properties), then "
                + "environment variables VOLTRACE_INGEST_<KEY>", "then system properties voltrace.ingest.<key>",
                "then these flags: a later layer wins");
        assertThat(out.toString())
                .contains("VOLTRACE_INGEST_<KEY>", "./voltrace ingest --config deploy/ingest.properties");
    }

    @Test
    void aBadSettingIsNamedWithItsLayerAndExitsTwo() throws Exception {
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "http.port = eighty\n");
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("ingest", "--config", file.toString(), "--data", dir.resolve("data").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).isEqualTo("voltrace ingest: bad settings: setting http.port (file " + file
                + " line 1): 'eighty' is not an integer" + System.lineSeparator());
    }

    /** One reader for both services: a line the reader cannot take stops the ingest too, naming the line. */
    @Test
    void aLineWithoutEqualsIsNamedWithItsLine() throws Exception {
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "http.port = 8080\nmqtt.port 1884\n");
        assertThatThrownBy(() -> parse("--config", file.toString()).settings(Map.of()))
                .hasMessage("ingest.properties:2: expected 'key = value', found 'mqtt.port 1884'");
    }

    /** #16: the fault-path bounds, from the shipped example file, and a bad one named with the rule. */
    @Test
    void faultPathBoundsAreReadAndCheckedAtStart() throws Exception {
        IngestConfig shipped = IngestCommand.configFrom(parse("--config",
                Path.of("..", "deploy", "ingest.properties").toString()).settings(Map.of()));
        assertThat(shipped.limits()).isEqualTo(IngestConfig.Limits.DEFAULT);
        IngestConfig set = IngestCommand.configFrom(parse().settings(Map.of(
                "VOLTRACE_INGEST_DEADLETTERS_QUOTA_DEVICE", "2MiB", "VOLTRACE_INGEST_DEADLETTERS_QUOTA_TOTAL", "1GiB",
                "VOLTRACE_INGEST_STORE_WRITE_REJECTION_RETRIES", "5")));
        assertThat(set.limits().deadLetterQuota().perDeviceBytes()).isEqualTo(2L << 20);
        assertThat(set.limits().deadLetterQuota().totalBytes()).isEqualTo(1L << 30);
        assertThat(set.limits().writeRejectionRetries()).isEqualTo(5);

        CommandLine cli = VoltraceCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "deadletters.quota.device = 20MiB\ndeadletters.quota.total = 10MiB\n");
        assertThat(cli.execute("ingest", "--config", file.toString(), "--data", dir.resolve("data").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("voltrace ingest: bad settings: the per-device dead-letter quota")
                .contains("is larger than the total one");
    }

    @Test
    void storeDurabilityIsReadAndABadValueSaysWhatToWrite() throws Exception {
        assertThat(IngestCommand.configFrom(parse().settings(Map.of())).durability())
                .isEqualTo(io.voltrace.ingest.store.Durability.DEFAULT);
        assertThat(IngestCommand.configFrom(parse().settings(Map.of("VOLTRACE_INGEST_STORE_DURABILITY", "sync")))
                .durability()).isEqualTo(io.voltrace.ingest.store.Durability.SYNC);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestCommand.configFrom(
                        parse().settings(Map.of("VOLTRACE_INGEST_STORE_DURABILITY", "fsync"))))
                .hasMessageContaining("store.durability 'fsync' is not known: write 'default'");
    }
}
