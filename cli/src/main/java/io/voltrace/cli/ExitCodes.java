package io.voltrace.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit statuses of every voltrace command, in one place so that scripts can rely on them. Every command's
 * {@code --help} lists them ({@link CliHelp} adds {@link #STANDARD} to commands that declare no list of their own).
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** It could not finish: an I/O error, a service unreachable or stopped, a failure to start. Retrying may help. */
    public static final int FAILURE = 1;
    /** Bad input: wrong options (picocli's usage error), a missing or unreadable input file, no usable data in it. */
    public static final int USAGE = 2;
    /** A check ran to the end and found a problem (e.g. an altered ledger record): distinct from "could not run". */
    public static final int CHECK_FAILED = 3;

    public static final String HEADING = "%nExit codes:%n";
    public static final String OK_LINE = "0:success";
    public static final String FAILURE_LINE = "1:failed while running: I/O error, service unreachable, could not start";
    public static final String USAGE_LINE = "2:bad input: wrong options, a missing or unreadable input file, or no "
            + "usable data in it";
    public static final String CHECK_FAILED_LINE = "3:the check ran and found a problem";

    /** The list most commands show. */
    public static final String[] STANDARD = {OK_LINE, FAILURE_LINE, USAGE_LINE};

    private ExitCodes() {
    }

    /** A list of {@code code:description} lines as picocli's usage help takes it. */
    static Map<String, String> asMap(String... lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            map.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return map;
    }
}
