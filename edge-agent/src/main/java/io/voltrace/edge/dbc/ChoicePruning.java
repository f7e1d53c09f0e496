package io.voltrace.edge.dbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens {@code VAL_} texts the way cantools' {@code prune_choices} option does, so that decodes compare equal to
 * tools that load with it: {@code MyMsg_MySig_On}, {@code MyMsg_MySig_Off} become {@code On}, {@code Off}.
 */
final class ChoicePruning {

    /** A single text keeps its last {@code _}-separated run of letters and underscores. */
    private static final Pattern SINGLE = Pattern.compile("^[0-9A-Za-z_]*?_([A-Za-z_]+)$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private ChoicePruning() {
    }

    static Map<Long, String> prune(Map<Long, String> choices) {
        if (choices.isEmpty()) {
            return choices;
        }
        Map<Long, String> out = new LinkedHashMap<>();
        if (choices.size() == 1) {
            choices.forEach((k, v) -> {
                Matcher m = SINGLE.matcher(v);
                out.put(k, m.matches() ? m.group(1) : v);
            });
            return out;
        }
        String common = null;
        for (String v : choices.values()) {
            common = common == null ? v : commonPrefix(common, v);
        }
        int underscore = common.lastIndexOf('_');
        if (underscore <= 0) {
            // no underscore, or nothing before it: nothing to strip
            return choices;
        }
        String[] segments = common.substring(0, underscore).split("_", -1);
        // The longest prefix of whole segments that leaves every text a valid identifier.
        for (int n = segments.length; n > 0; n--) {
            int cut = String.join("_", java.util.Arrays.copyOf(segments, n)).length() + 1;
            boolean valid = true;
            for (String v : choices.values()) {
                valid &= IDENTIFIER.matcher(v.substring(cut)).matches();
            }
            if (valid) {
                choices.forEach((k, v) -> out.put(k, v.substring(cut)));
                return out;
            }
        }
        return choices;
    }

    private static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}
