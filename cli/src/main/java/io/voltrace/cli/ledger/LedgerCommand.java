package io.voltrace.cli.ledger;

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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code voltrace ledger ...}: the lifecycle ledger. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The battery lifecycle ledger: hash-chained events per battery code.",
        subcommands = {LedgerCommand.Verify.class})
public final class LedgerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("voltrace ledger: missing subcommand (verify)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Exit 0: every chain intact; 1: altered or missing records, one line each; 2: bad code; 3: cannot read. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes every hash of one battery's chain (or of all chains) and names each altered or"
                    + " missing record. Exits 0 when intact, 1 when not.")
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
                    return 2;
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
                return report.intact() ? 0 : 1;
            } catch (Exception e) {
                err.println("voltrace ledger verify: " + e.getMessage());
                err.flush();
                return 3;
            }
        }
    }
}
