package io.voltrace.cli.passport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.RegistryOptions;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.CodeViolation;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.passport.IncompletePassportException;
import io.voltrace.ingest.passport.Passport;
import io.voltrace.ingest.passport.PassportService;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Exit 0: the passport on standard output; 3: required attributes missing, named; 2: bad or unknown code. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Prints a battery's passport as JSON: the Catena-X Battery Pass 6.1.0, or with --form "
                + "traction-battery-code its GB/T 34014 code and pack/module/cell tree (traction battery code 2.0.0).",
                "Attributes voltrace has evidence for come from it with their time: remaining capacity and fade "
                        + "from the latest assessment, resistance, throughput, full cycles and state of charge from "
                        + "the telemetry as the ingest's health reduction counted it, negative events; the carbon footprint and status from the ledger; "
                        + "the rest from the manufacturer's declaration. sources[] names the source of each. A "
                        + "required attribute nobody has evidence for or declared is never guessed: exit status 3 "
                        + "names it. It opens the registry directly (the time-series store is not read): stop an "
                        + "ingest that uses it first, or use GET "
                        + "/api/v1/batteries/{code}/passport."},
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE,
                "3:the battery's passport lacks required attributes (named on standard error)"},
        footer = {"  ./voltrace passport export --code VTRPE96DEMO001T5C0000001 --data data > passport.json",
                "  ./voltrace passport export --code VTRPE96DEMO001T5C0000001 --config deploy/ingest.properties",
                "  ./voltrace passport export --code VTRPE96DEMO001T5C0000001 --data data --form "
                        + "traction-battery-code"})
public final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;
    @Mixin
    RegistryOptions options;
    @Option(names = "--code", required = true, paramLabel = "CODE", description = "the battery's GB/T 34014 code")
    String code;
    @Option(names = "--form", paramLabel = "FORM", defaultValue = "battery-pass",
            description = "battery-pass or traction-battery-code (default ${DEFAULT-VALUE})")
    String form;
    @Option(names = "--no-telemetry", description = "leave out the telemetry figures: state of charge, throughput "
            + "and full cycles then come from the declaration")
    boolean noTelemetry;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        CodeViolation v = BatteryCode.violation(code.strip());
        if (v != null) {
            return fail(err, name + ": invalid battery code '" + code + "': " + v, ExitCodes.USAGE);
        }
        boolean tree = form.equals("traction-battery-code");
        if (!tree && !form.equals("battery-pass")) {
            return fail(err, name + ": --form must be battery-pass or traction-battery-code, was '" + form + "'",
                    ExitCodes.USAGE);
        }
        try (Registry registry = options.open("GET /api/v1/batteries/" + code.strip() + "/passport")) {
            PassportService passports = new PassportService(registry, new Ledger(registry, Clock.systemUTC()),
                    !noTelemetry, Clock.systemUTC());
            Passport p = tree ? passports.codeTreeOnly(code.strip()) : passports.export(code.strip());
            out.println(JSON.writeValueAsString(tree ? p.tractionBatteryCode() : p.batteryPass()));
            out.flush();
            return ExitCodes.OK;
        } catch (NoSuchElementException e) {
            return fail(err, name + ": " + e.getMessage() + " in this registry", ExitCodes.USAGE);
        } catch (IncompletePassportException e) {
            return fail(err, name + ": " + e.getMessage(), ExitCodes.CHECK_FAILED);
        }
    }

    private static int fail(PrintWriter err, String message, int status) {
        err.println(message);
        err.flush();
        return status;
    }
}
