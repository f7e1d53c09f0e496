package io.voltrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Every command's --help teaches the same way: what and when, options with defaults, exit codes, examples. */
class CliHelpTest {

    /** Every command of the tree, the root first, each once (picocli lists a command again under its aliases). */
    static List<CommandLine> all(CommandLine cmd) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cmd);
        Set<CommandLine> subs = new LinkedHashSet<>(cmd.getSubcommands().values());
        for (CommandLine sub : subs) {
            out.addAll(all(sub));
        }
        return out;
    }

    @Test
    void everyCommandHasADescriptionExamplesAndTheExitCodes() {
        List<CommandLine> commands = all(VoltraceCli.commandLine());
        assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("voltrace", "voltrace demo", "voltrace ingest token create", "voltrace ingest org list",
                        "voltrace soh validate-fleet", "voltrace bench ingest", "voltrace ledger verify",
                        "voltrace help");
        for (CommandLine cmd : commands) {
            String name = cmd.getCommandSpec().qualifiedName();
            UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
            assertThat(String.join(" ", usage.description())).as(name + " description").isNotBlank();
            assertThat(Arrays.stream(usage.footer()).map(String::strip))
                    .as(name + " examples").anyMatch(line -> line.startsWith("./voltrace "));
            assertThat(usage.exitCodeList()).as(name + " exit codes").containsKeys("0", "1", "2");
            assertThat(cmd.getCommandSpec().version()).as(name + " -V").containsExactly("voltrace 0.1.0");

            StringWriter help = new StringWriter();
            cmd.usage(new PrintWriter(help));
            assertThat(help.toString()).as(name + " --help").contains("Exit codes:", "Examples:", "./voltrace");
        }
    }

    @Test
    void helpOfACommandPrintsOnStandardOutputAndExitsZero() {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("soh", "estimate", "--help")).isZero();

        assertThat(out.toString()).contains("Usage: voltrace soh estimate", "(default nmc)",
                "  ./voltrace soh estimate --nominal-ah 2 --chemistry lco \\\n",
                "  2   bad input");
    }

    @Test
    void theLedgerCheckHasItsOwnStatusBesideTheStandardOnes() {
        CommandLine verify = VoltraceCli.commandLine().getSubcommands().get("ledger").getSubcommands().get("verify");
        assertThat(verify.getCommandSpec().usageMessage().exitCodeList())
                .containsOnlyKeys("0", "1", "2", "3");
        assertThat(ExitCodes.CHECK_FAILED).isEqualTo(3);
    }

    @Test
    void optionsWithADefaultSayWhatItIs() {
        for (CommandLine cmd : all(VoltraceCli.commandLine())) {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (o.defaultValue() != null && !o.usageHelp() && !o.versionHelp()) {
                    assertThat(String.join(" ", o.description()))
                            .as(cmd.getCommandSpec().qualifiedName() + " " + o.longestName())
                            .containsIgnoringCase("default");
                }
            }
        }
    }

    @Test
    void commandsThatShowProgressShareOneQuietOption() {
        CommandLine cli = VoltraceCli.commandLine();
        for (String[] path : List.of(new String[] {"can", "decode"}, new String[] {"soh", "estimate"},
                new String[] {"soh", "validate-nasa"}, new String[] {"soh", "validate-fleet"},
                new String[] {"fleet", "report"}, new String[] {"bench", "edge"})) {
            CommandLine cmd = cli.getSubcommands().get(path[0]).getSubcommands().get(path[1]);
            OptionSpec quiet = cmd.getCommandSpec().findOption("--quiet");
            assertThat(quiet).as(String.join(" ", path)).isNotNull();
            assertThat(quiet.names()).containsExactly("-q", "--quiet");
        }
    }

    @Test
    void aGroupWithoutItsSubcommandNamesThemAndExitsTwo() {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("fleet")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("voltrace fleet: missing subcommand (report, policy)");
    }

    @Test
    void aWrongOptionGivesTheReasonAndWhereToLookNotTheWholeUsage() {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("soh", "estimate", "--csv", "x.csv")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).containsExactly(
                "voltrace soh estimate: Missing required option: '--nominal-ah=AH'",
                "see './voltrace soh estimate --help' for the options and examples");
    }
}
