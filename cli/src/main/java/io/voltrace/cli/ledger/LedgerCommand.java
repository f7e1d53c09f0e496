package io.voltrace.cli.ledger;

import io.voltrace.cli.CommandGroup;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.RegistryOptions;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.CodeViolation;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.VerifyFinding;
import io.voltrace.ingest.ledger.VerifyReport;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code voltrace ledger ...}: the lifecycle ledger. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The battery lifecycle ledger: hash-chained events per battery code (production, "
                + "installation, gradings, custody, recycling). See docs/lifecycle.md.",
        footer = {"  ./voltrace ledger verify --data data"},
        subcommands = {LedgerCommand.Verify.class})
public final class LedgerCommand extends CommandGroup {

    /** Exit 0: every chain intact; 3: altered or missing records, one line each; 2: bad code; 1: cannot read. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recomputes every hash of one battery's chain (or of all chains) in the registry and "
                    + "names each altered or missing record on standard output, then an OK or FAILED line.",
                    "Use it after restoring a backup, or routinely from cron: exit status 3 means the ledger was "
                            + "tampered with, 1 that it could not be read. It opens the registry directly (stop the "
                            + "ingest first when it uses the embedded H2); against a running ingest use "
                            + "GET /api/v1/ledger/verify."},
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE,
                    "3:the check ran and found altered or missing ledger records"},
            footer = {"  ./voltrace ledger verify --data data",
                    "  ./voltrace ledger verify VTRPE96DEMO001T5C0000001 --config deploy/ingest.properties",
                    "  ./voltrace ledger verify --registry-url jdbc:postgresql://127.0.0.1:5432/test || alert"})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        RegistryOptions options;
        @Parameters(index = "0", arity = "0..1", paramLabel = "CODE", description = "one battery (default: all)")
        String code;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (code != null) {
                CodeViolation v = BatteryCode.violation(code.strip());
                if (v != null) {
                    err.println("voltrace ledger verify: invalid battery code '" + code + "': " + v);
                    err.flush();
                    return ExitCodes.USAGE;
                }
            }
            try (Registry registry = options.open("GET /api/v1/ledger/verify")) {
                Ledger ledger = new Ledger(registry, Clock.systemUTC());
                VerifyReport report = code == null ? ledger.verifyAll() : ledger.verify(code.strip());
                for (VerifyFinding f : report.findings()) {
                    out.println("TAMPERED " + f);
                }
                out.println((report.intact() ? "OK" : "FAILED") + ": " + report.batteries() + " chain(s), "
                        + report.events() + " event(s), " + report.findings().size() + " finding(s)");
                out.flush();
                return report.intact() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            } catch (Exception e) {
                err.println("voltrace ledger verify: cannot read the ledger: " + e.getMessage());
                err.flush();
                return ExitCodes.FAILURE;
            }
        }
    }
}
