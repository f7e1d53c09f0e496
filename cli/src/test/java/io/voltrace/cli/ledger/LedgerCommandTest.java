package io.voltrace.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.VoltraceCli;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./voltrace ledger verify} against the embedded registry under --data, before and after tampering. */
class LedgerCommandTest {
    static final String CODE = "VTRPE96DEMO001T5C0000001";
    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void namesTheBatteryAndSequenceOfAnAlteredRecord() throws Exception {
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(data)) {
            registry.createOrganisation(new Organisation("maker", "Maker", OrganisationKind.MANUFACTURER, t));
            Ledger ledger = new Ledger(registry, Clock.systemUTC());
            ledger.append(new NewEvent(CODE, EventType.PRODUCTION, t, "maker"));
            ledger.append(new NewEvent(CODE, EventType.GRADING, t.plusSeconds(60), "maker", Map.of("grade", "A")));
        }
        Run ok = run("ledger", "verify", "--data", data.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("OK: 1 chain(s), 2 event(s)");

        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(data);
             Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ledger_event SET details = '{\"grade\":\"C\"}' WHERE seq = 2");
        }
        Run bad = run("ledger", "verify", CODE, "--data", data.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(bad.out()).contains("TAMPERED battery " + CODE + " event 2: record was altered");

        assertThat(run("ledger", "verify", "NOTACODE", "--data", data.toString()).exit()).isEqualTo(2);
    }

    /** Could not run (1) is not the same answer as ran and found tampering (3): a script must tell them apart. */
    @Test
    void aRegistryThatCannotBeOpenedIsAFailureNotAFinding() {
        Run r = run("ledger", "verify", "--registry-url", "jdbc:nosuchdriver:anywhere");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("voltrace ledger verify: cannot read the ledger: ");
    }
}
