package io.voltrace.analytics.report;

import java.util.Locale;

/** HTML text helpers: escaping and the page frame. Pages are self-contained: inline style, no scripts, no links out. */
final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;\
            color:#222;padding:0 16px}
            h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:8px 0;font-size:.9em}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .grade{font-weight:bold;padding:2px 8px;border-radius:4px;background:#eee}
            .REUSE_A{background:#d4edda}.REUSE_B{background:#e2f0d9}.REUSE_C{background:#fff3cd}
            .RECOVERY{background:#f8d7da}.NEEDS_TEST{background:#d6e4f0}
            .muted{color:#777}.charts{display:flex;flex-wrap:wrap;gap:12px}
            svg{background:#fff;border:1px solid #eee}
            """;

    private Html() {
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    static String num(Double v, int decimals) {
        if (v == null || !Double.isFinite(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
