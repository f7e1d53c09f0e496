package io.voltrace.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help that reads the same for every command, applied once to the whole tree: the exit-code list (a command's own
 * {@code exitCodeList} wins, e.g. {@code ledger verify}'s check status), an "Examples:" footer for the commands
 * whose classes do not carry one themselves, printed unwrapped, and the root's version for {@code -V}.
 */
public final class CliHelp {
    public static final String EXAMPLES = "%nExamples:%n";

    /** Examples of commands defined elsewhere (picocli's help command, and commands whose classes have none yet). */
    private static final Map<String, String[]> FALLBACK_EXAMPLES = Map.of(
            "voltrace help", new String[] {
                "  ./voltrace help soh estimate      # the same as ./voltrace soh estimate --help"},
            "voltrace demo", new String[] {
                "  ./voltrace demo",
                "  ./voltrace demo --vehicles 5 --days 10 --exit --json out.json --http-port 0"},
            "voltrace bench ingest", new String[] {
                "  ./voltrace bench ingest --devices 10 --seconds 15",
                "  ./voltrace bench ingest --devices 10 --seconds 20 --chaos"});

    private CliHelp() {
    }

    /** Footer lines as they are written; {@code %n} and {@code %%} mean what they mean in picocli's texts. */
    static String verbatim(String[] lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line.replace("%n", System.lineSeparator()).replace("%%", "%")).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** Applies to {@code cmd} and every command below it; call after all subcommands are added. */
    public static void apply(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        if (spec.version().length == 0) {
            spec.version(spec.root().version()); // -V on a subcommand says the same as on the root, not nothing
        }
        UsageMessageSpec usage = spec.usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeList(ExitCodes.asMap(ExitCodes.STANDARD));
        }
        usage.exitCodeListHeading(ExitCodes.HEADING);
        String[] examples = FALLBACK_EXAMPLES.get(cmd.getCommandSpec().qualifiedName());
        if (usage.footer().length == 0 && examples != null) {
            usage.footer(examples);
        }
        if (usage.footer().length > 0) {
            usage.footerHeading(EXAMPLES);
            // Examples are printed as written, never wrapped: a wrapped command line cannot be copied and run.
            cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> verbatim(usage.footer()));
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            apply(sub);
        }
    }
}
