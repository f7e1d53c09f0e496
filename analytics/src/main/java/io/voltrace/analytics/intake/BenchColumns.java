package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.RowProblem;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Finds a bench file's columns by name and unit, for the readers that are not plain CSV (xlsx workbooks, Neware
 * exports, BioLogic {@code .mpt}): {@code Current(mA)}, {@code I/mA}, {@code <I>/mA} and {@code Current(A)} are all
 * current, scaled to amperes. Names are compared without case, units or punctuation, as {@link CyclerFile} does.
 * A row's problems name the place (file, sheet, line), the column and the reason.
 */
final class BenchColumns {
    private static final List<String> TIME = List.of("testtime", "totaltime", "time", "times", "dischargetime");
    private static final List<String> CURRENT = List.of("current", "i", "currentmeasured");
    private static final List<String> VOLTAGE = List.of("voltage", "ewe", "ecell", "voltagemeasured");
    private static final List<String> STEP = List.of("stepindex", "step", "stepid", "steps", "ns");
    private static final List<String> DISCHARGE_AH = List.of("dischargecapacity");
    private static final List<String> DISCHARGE_WH = List.of("dischargeenergy");
    private static final List<String> STEP_TYPE = List.of("steptype", "status");

    /** A column's position and the factor to the SI-ish unit voltrace uses (A, V, s, Ah, Wh). */
    record Column(int index, String header, double scale) {
    }

    private final String source;
    private final Column time;
    private final Column current;
    private final Column voltage;
    private final Column step;
    private final Column dischargeAh;
    private final Column dischargeWh;
    private final Column stepType;

    /**
     * @param counters whether the bench's discharge counters are read (Arbin's are cumulative over the test; Neware's
     *                 and BioLogic's restart every step, so they are left out and the current integrated)
     */
    BenchColumns(String source, List<String> header, boolean counters) {
        this.source = source;
        this.time = find(header, TIME, "time", true);
        this.current = find(header, CURRENT, "current", true);
        this.voltage = find(header, VOLTAGE, "voltage", true);
        this.step = find(header, STEP, "step", false);
        this.dischargeAh = counters ? find(header, DISCHARGE_AH, "discharge counter", false) : null;
        this.dischargeWh = counters ? find(header, DISCHARGE_WH, "discharge energy counter", false) : null;
        this.stepType = find(header, STEP_TYPE, "step type", false);
    }

    boolean benchCounters() {
        return dischargeAh != null;
    }

    /**
     * One reading from a row's cells ({@code cells.apply(i)} is the text of column i, or null).
     *
     * @param where the row's place, for problems: "file.xlsx:Channel_1-006:12"
     */
    CyclerRow row(IntFunction<String> cells, String where) {
        double t = seconds(cells, time, where);
        double amps = number(cells, current, where);
        if (stepType != null) {
            // Some exports give the current unsigned and say the direction in the step type (CC_DChg, CCCV_Chg).
            String type = text(cells, stepType);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.contains("dchg") || lower.contains("discharge")) {
                amps = -Math.abs(amps);
            } else if (lower.contains("chg") || lower.contains("charge")) {
                amps = Math.abs(amps);
            }
        }
        double volts = number(cells, voltage, where);
        int s = -1;
        if (step != null) {
            double v = number(cells, step, where);
            if (v != Math.rint(v)) {
                throw problem(where, step, "not a whole number: " + v);
            }
            s = (int) v;
        }
        double ah = dischargeAh == null ? Double.NaN : number(cells, dischargeAh, where);
        double wh = dischargeWh == null ? Double.NaN : number(cells, dischargeWh, where);
        return new CyclerRow(t, amps, volts, s, ah, wh);
    }

    private double number(IntFunction<String> cells, Column c, String where) {
        String v = text(cells, c);
        if (v == null || v.isBlank()) {
            throw problem(where, c, "missing");
        }
        return parse(v.trim(), where, c) * c.scale();
    }

    private double seconds(IntFunction<String> cells, Column c, String where) {
        String v = text(cells, c);
        if (v == null || v.isBlank()) {
            throw problem(where, c, "missing");
        }
        v = v.trim();
        if (v.startsWith(WorkbookRows.DAYS)) { // a spreadsheet time or date: days
            return parse(v.substring(WorkbookRows.DAYS.length()), where, c) * 86_400;
        }
        if (v.indexOf(':') >= 0) {
            return clock(v, where, c);
        }
        return parse(v, where, c) * c.scale();
    }

    /** "1:02:03.5", "26:00:00", "1d 02:00:00", "1-02:00:00" → seconds. */
    private double clock(String v, String where, Column c) {
        double days = 0;
        String rest = v;
        int d = v.indexOf('d');
        int dash = v.indexOf('-');
        if (d > 0) {
            days = parse(v.substring(0, d).trim(), where, c);
            rest = v.substring(d + 1).replace(",", " ").trim();
        } else if (dash > 0) {
            days = parse(v.substring(0, dash).trim(), where, c);
            rest = v.substring(dash + 1).trim();
        }
        String[] parts = rest.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw problem(where, c, "not a duration (h:mm:ss): '" + v + "'");
        }
        double s = 0;
        for (String part : parts) {
            s = s * 60 + parse(part.trim(), where, c);
        }
        if (parts.length == 2) {
            s *= 60; // h:mm
        }
        return days * 86_400 + s;
    }

    private double parse(String v, String where, Column c) {
        try {
            double x = Double.parseDouble(v);
            if (!Double.isFinite(x)) {
                throw problem(where, c, "not a finite number: '" + v + "'");
            }
            return x;
        } catch (NumberFormatException e) {
            // EC-Lab and European exports write a decimal comma
            if (v.indexOf(',') >= 0 && v.indexOf('.') < 0) {
                return parse(v.replace(',', '.'), where, c);
            }
            throw problem(where, c, "not a number: '" + v + "'");
        }
    }

    private static String text(IntFunction<String> cells, Column c) {
        return cells.apply(c.index());
    }

    private RowProblem problem(String where, Column c, String reason) {
        return new RowProblem(where + ": " + c.header() + ": " + reason);
    }

    private Column find(List<String> header, List<String> aliases, String what, boolean required) {
        for (String alias : aliases) {
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                if (h != null && name(h).equals(alias)) {
                    return new Column(i, h.trim(), scale(unit(h)));
                }
            }
        }
        if (required) {
            throw new IllegalArgumentException(source + ": no " + what + " column among " + header
                    + " (see docs/intake.md for the layouts read)");
        }
        return null;
    }

    /** "Current(mA)" → "current"; "I/mA" → "i"; "<Ewe>/V" → "ewe"; "Test_Time(s)" → "testtime". */
    static String name(String header) {
        String h = header.trim();
        int paren = h.lastIndexOf('(');
        if (paren > 0 && h.endsWith(")")) {
            h = h.substring(0, paren);
        } else {
            int slash = h.lastIndexOf('/');
            if (slash > 0) {
                h = h.substring(0, slash);
            }
        }
        return h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** "Current(mA)" → "ma"; "I/mA" → "ma"; "Capacity(mAh)" → "mah"; "(Q-Qo)/mA.h" → "mah"; none → "". */
    static String unit(String header) {
        String h = header.trim();
        int paren = h.lastIndexOf('(');
        String u = "";
        if (paren > 0 && h.endsWith(")")) {
            u = h.substring(paren + 1, h.length() - 1);
        } else {
            int slash = h.lastIndexOf('/');
            if (slash > 0) {
                u = h.substring(slash + 1);
            }
        }
        return u.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static double scale(String unit) {
        return switch (unit) {
            case "ma", "mv", "mah", "mwh", "ms" -> 1e-3;
            case "ua" -> 1e-6;
            case "min" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
    }
}
