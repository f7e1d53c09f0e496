package io.voltrace.cli.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.voltrace.cli.CommandGroup;
import io.voltrace.cli.ExitCodes;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.CodeViolation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code voltrace code ...}: GB/T 34014 battery codes. */
@Command(name = "code", mixinStandardHelpOptions = true,
        description = "GB/T 34014 traction battery codes, the 24-character identity every battery is known by in "
                + "voltrace.",
        footer = {"  ./voltrace code parse VTRPE96DEMO001T5C0000001"},
        subcommands = {CodeCommand.Parse.class})
public final class CodeCommand extends CommandGroup {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Prints the decoded fields as a JSON object; an invalid code exits 2 with the position and rule on stderr. */
    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = {"Validates a 24-character code and prints its fields as JSON on standard output; when it "
                    + "is invalid, prints {\"valid\": false, \"position\", \"rule\", \"reason\"} instead, names "
                    + "the position and rule on standard error and exits 2.",
                    "Use it to check codes before registering batteries, or in scripts to pull a field out of one."},
            footer = {"  ./voltrace code parse VTRPE96DEMO001T5C0000001",
                    "  ./voltrace code parse VTRPE96DEMO001T5C0000001 | jq -r .productionDate",
                    "  ./voltrace code parse \"$CODE\" > /dev/null || echo \"not a valid code: $CODE\""})
    static final class Parse implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CODE", description = "the battery code")
        String code;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String text = code.strip();
            CodeViolation violation = BatteryCode.violation(text);
            if (violation != null) {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("code", text);
                problem.put("valid", false);
                problem.put("position", violation.position());
                problem.put("rule", violation.field());
                problem.put("reason", violation.description());
                err.println("voltrace code parse: invalid battery code '" + text + "': " + violation);
                out.println(JSON.writeValueAsString(problem));
                out.flush();
                err.flush();
                return ExitCodes.USAGE;
            }
            Map<String, Object> fields = new LinkedHashMap<>(BatteryCode.parse(text).fields());
            fields.put("valid", true);
            out.println(JSON.writeValueAsString(fields));
            out.flush();
            return 0;
        }
    }
}
