package io.voltrace.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.VoltraceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionCommandTest {

    @Test
    void printsABashScriptCoveringTheWholeCommandTree() {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int status = cli.execute("completion");

        String script = out.toString();
        assertThat(status).isZero();
        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_voltrace", "voltrace")
                // subcommands, nested ones added at run time, and their options
                .contains("ingest", "edge", "fleet", "completion", "token", "org", "--config");
        assertThat(script).contains("function _picocli_voltrace_ingest_token");
    }

    @Test
    void helpExplainsHowToInstallIt() {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("completion", "--help")).isZero();
        assertThat(out.toString()).contains("source <(./voltrace completion)", "bashcompinit");
    }
}
