package io.voltrace.cli.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.CodeViolation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code voltrace code ...}: GB/T 34014 battery codes. */
@Command(name = "code", mixinStandardHelpOptions = true,
        description = "GB/T 34014 traction battery codes.",
        subcommands = {CodeCommand.Parse.class})
public final class CodeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("voltrace code: missing subcommand (parse)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Prints the decoded fields as a JSON object; an invalid code exits 2 with the position and rule on stderr. */
    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Validates a 24-character code and prints its fields as JSON; exits 2 naming the position"
                    + " and rule when it is invalid.")
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
                return 2;
            }
            Map<String, Object> fields = new LinkedHashMap<>(BatteryCode.parse(text).fields());
            fields.put("valid", true);
            out.println(JSON.writeValueAsString(fields));
            out.flush();
            return 0;
        }
    }
}
