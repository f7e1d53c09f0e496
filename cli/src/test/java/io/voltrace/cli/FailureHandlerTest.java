package io.voltrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;

/** A command that throws: one line naming the command and the failure, exit 1, the stack trace only on request. */
class FailureHandlerTest {

    @Command(name = "fetch")
    static final class Fetch implements Callable<Integer> {
        final Exception failure;

        Fetch(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    record Run(int exit, String err) {
    }

    static Run run(IExecutionExceptionHandler handler, Exception failure) {
        CommandLine cmd = new CommandLine(new Fetch(failure));
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        cmd.setExecutionExceptionHandler(handler);
        return new Run(cmd.execute(), err.toString());
    }

    @Test
    void everyCommandOfTheTreeUsesIt() {
        for (CommandLine cmd : CliHelpTest.all(VoltraceCli.commandLine())) {
            assertThat(cmd.getExecutionExceptionHandler()).as(cmd.getCommandSpec().qualifiedName())
                    .isInstanceOf(FailureHandler.class);
        }
    }

    @Test
    void anIoErrorIsOneLineAndExitOne() {
        IExecutionExceptionHandler handler = VoltraceCli.commandLine().getExecutionExceptionHandler();

        Run r = run(handler, new IOException("Connection refused: 127.0.0.1:1883"));

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("fetch: I/O error: Connection refused: 127.0.0.1:1883 (check")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void aMissingFileIsNamedEvenInsideAWrapper() {
        Run r = run(new FailureHandler(Map.of()),
                new UncheckedIOException(new NoSuchFileException("/data/packs.csv")));

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).isEqualTo("fetch: no such file or folder: /data/packs.csv (check the path)"
                + System.lineSeparator());
    }

    @Test
    void aBusyPortSaysWhatToDo() {
        Run r = run(new FailureHandler(Map.of()), new BindException("Address already in use"));

        assertThat(r.err().lines()).containsExactly("fetch: cannot listen: Address already in use (another process "
                + "holds the port: stop it or choose another port)");
    }

    @Test
    void anUnexpectedFailureSaysHowToGetTheStackTrace() {
        Run quiet = run(new FailureHandler(Map.of()), new IllegalStateException("spool is closed"));
        Run debug = run(new FailureHandler(Map.of(FailureHandler.DEBUG_ENV, "1")),
                new IllegalStateException("spool is closed"));

        assertThat(quiet.err().lines()).containsExactly(
                "fetch: failed: spool is closed; for the stack trace run again with VOLTRACE_DEBUG=1");
        assertThat(debug.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(debug.err().lines().findFirst()).hasValue("fetch: failed: spool is closed");
        assertThat(debug.err()).contains("java.lang.IllegalStateException: spool is closed", "\tat ");
    }
}
