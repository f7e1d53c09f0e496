package io.voltrace.analytics.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line, bar and histogram charts as inline SVG, drawn here so a report renders offline: no script, no font or style
 * fetched from anywhere. Inline SVG in HTML needs no namespace declaration.
 */
public final class Charts {
    private static final int WIDTH = 520;
    private static final int HEIGHT = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final double DAY_MS = 86_400_000.0;

    /** How a series is drawn. */
    public enum Style { LINE, DASHED, POINTS }

    /** How the x axis reads. */
    public enum XAxis { NUMBER, DATE }

    /**
     * One series; NaN values are skipped.
     *
     * @param name  legend text
     * @param x     x values (epoch ms for a date axis)
     * @param y     y values
     * @param style how to draw it
     */
    public record Series(String name, double[] x, double[] y, Style style) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y differ in length");
            }
        }
    }

    /** A horizontal reference line. */
    public record Guide(double y, String label) {
    }

    private Charts() {
    }

    public static String line(String title, String xLabel, String yLabel, XAxis xAxis, List<Series> series,
                              List<Guide> guides) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        StringBuilder svg = open(title, "line");
        if (!Double.isFinite(xMin)) {
            return empty(svg);
        }
        for (Guide g : guides) {
            yMin = Math.min(yMin, g.y());
            yMax = Math.max(yMax, g.y());
        }
        double[] yTicks = ticks(yMin, yMax);
        Frame f = new Frame(xMin, xMax == xMin ? xMin + 1 : xMax, yTicks[0], yTicks[yTicks.length - 1]);
        axes(svg, f, xAxis == XAxis.DATE ? dateTicks(xMin, xMax) : ticks(xMin, xMax), yTicks, xAxis, xLabel, yLabel);
        for (Guide g : guides) {
            double y = f.py(g.y());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\" "
                            + "stroke-dasharray=\"3 3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#666\" "
                            + "text-anchor=\"end\">%s</text>", LEFT, y, WIDTH - RIGHT, y, WIDTH - RIGHT - 2, y - 3,
                    Html.escape(g.label())));
        }
        int legend = 0;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            if (s.style() == Style.POINTS) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                                f.px(s.x()[i]), f.py(s.y()[i]), color));
                    }
                }
            } else {
                StringBuilder pts = new StringBuilder();
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.px(s.x()[i]), f.py(s.y()[i])));
                    }
                }
                svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                        .append(s.style() == Style.DASHED ? " stroke-dasharray=\"6 4\"" : "")
                        .append(" points=\"").append(pts.toString().trim()).append("\"/>");
            }
            legendEntry(svg, legend++, s.name(), color, s.style());
        }
        return svg.append("</svg>").toString();
    }

    /** Vertical bars, one per category, labelled with their values. */
    public static String bars(String title, String yLabel, List<String> categories, double[] values,
                              int decimals) {
        StringBuilder svg = open(title, "bars");
        if (categories.isEmpty()) {
            return empty(svg);
        }
        double max = 0;
        double min = 0;
        for (double v : values) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double[] yTicks = ticks(min, max == min ? min + 1 : max);
        Frame f = new Frame(0, categories.size(), yTicks[0], yTicks[yTicks.length - 1]);
        axes(svg, f, new double[0], yTicks, XAxis.NUMBER, "", yLabel);
        double slot = (WIDTH - LEFT - RIGHT) / (double) categories.size();
        for (int i = 0; i < categories.size(); i++) {
            double x = LEFT + i * slot + slot * 0.15;
            double y0 = f.py(Math.max(0, yTicks[0]));
            double y = f.py(values[i]);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\"><title>%s: %s</title></rect>", x, Math.min(y, y0), slot * 0.7,
                    Math.abs(y0 - y), PALETTE[0], Html.escape(categories.get(i)), fmt(values[i], decimals)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">"
                    + "%s</text>", x + slot * 0.35, Math.min(y, y0) - 3, fmt(values[i], decimals)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
                    + "%s</text>", x + slot * 0.35, HEIGHT - BOTTOM + 14, Html.escape(shorten(categories.get(i)))));
        }
        return svg.append("</svg>").toString();
    }

    /** Contiguous bars over numeric bins [lows[i], highs[i]). */
    public static String histogram(String title, String xLabel, double[] lows, double[] highs, int[] counts) {
        StringBuilder svg = open(title, "histogram");
        if (counts.length == 0) {
            return empty(svg);
        }
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        double xMin = Double.isFinite(lows[0]) ? lows[0] : highs[0] - (highs[0] - lows[Math.min(1, lows.length - 1)]);
        double xMax = highs[highs.length - 1];
        double[] yTicks = ticks(0, max);
        Frame f = new Frame(xMin, xMax, 0, yTicks[yTicks.length - 1]);
        axes(svg, f, ticks(xMin, xMax), yTicks, XAxis.NUMBER, xLabel, "packs");
        for (int i = 0; i < counts.length; i++) {
            double lo = Double.isFinite(lows[i]) ? lows[i] : xMin;
            double x0 = f.px(lo);
            double x1 = f.px(highs[i]);
            double y = f.py(counts[i]);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\" stroke=\"#fff\"><title>%s–%s: %d</title></rect>", x0, y,
                    Math.max(0, x1 - x0), f.py(0) - y, PALETTE[0], fmt(lo, 1), fmt(highs[i], 1), counts[i]));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title, String kind) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart %s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\">", kind, WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT, Html.escape(title)));
        return svg;
    }

    private static String empty(StringBuilder svg) {
        return svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#777\" "
                + "text-anchor=\"middle\">no data</text></svg>", WIDTH / 2, HEIGHT / 2)).toString();
    }

    private static void axes(StringBuilder svg, Frame f, double[] xTicks, double[] yTicks, XAxis xAxis, String xLabel,
                             String yLabel) {
        int bottom = HEIGHT - BOTTOM;
        for (double t : yTicks) {
            double y = f.py(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", LEFT, y,
                    WIDTH - RIGHT, y, LEFT - 4, y + 3, tickLabel(t, yTicks)));
        }
        for (double t : xTicks) {
            if (t < f.xMin - 1e-9 || t > f.xMax + 1e-9) {
                continue;
            }
            double x = f.px(t);
            String label = xAxis == XAxis.DATE ? dateLabel(t, xTicks) : tickLabel(t, xTicks);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x, bottom,
                    x, bottom + 4, x, bottom + 15, label));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, TOP, LEFT, bottom, LEFT,
                bottom, WIDTH - RIGHT, bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">%s</text>", (TOP + bottom) / 2, (TOP + bottom) / 2,
                Html.escape(yLabel)));
    }

    private static void legendEntry(StringBuilder svg, int index, String name, String color, Style style) {
        int x = WIDTH - RIGHT - 150;
        int y = TOP + 4 + index * 14;
        if (style == Style.POINTS) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>", x + 8, y, color));
        } else {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>", x, y, x + 16, y, color,
                    style == Style.DASHED ? " stroke-dasharray=\"4 3\"" : ""));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", x + 20, y + 3,
                Html.escape(name)));
    }

    /** 1-2-5 ticks covering [min, max]. */
    static double[] ticks(double min, double max) {
        if (!(max > min)) {
            max = min + 1;
        }
        double raw = (max - min) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[]{1, 2, 5, 10}) {
            step = m * mag;
            if (step >= raw) {
                break;
            }
        }
        double start = Math.floor(min / step) * step;
        double end = Math.ceil(max / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    /** Month-aligned ticks (1, 3, 6, 12 or 24 months apart), or day ticks for short spans; epoch ms. */
    static double[] dateTicks(double fromMs, double toMs) {
        if (toMs - fromMs < 60 * DAY_MS) {
            double[] days = ticks(fromMs / DAY_MS, toMs / DAY_MS);
            double[] out = new double[days.length];
            for (int i = 0; i < days.length; i++) {
                out[i] = days[i] * DAY_MS;
            }
            return out;
        }
        LocalDate from = LocalDate.ofInstant(Instant.ofEpochMilli((long) fromMs), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(Instant.ofEpochMilli((long) toMs), ZoneOffset.UTC);
        for (int months : new int[]{1, 3, 6, 12, 24, 60}) {
            List<Double> t = new ArrayList<>();
            LocalDate d = from.withDayOfMonth(1).withMonth(((from.getMonthValue() - 1) / Math.min(months, 12))
                    * Math.min(months, 12) + 1);
            while (!d.isAfter(to)) {
                if (!d.isBefore(from)) {
                    t.add((double) d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                }
                d = d.plusMonths(months);
            }
            if (t.size() <= 7) {
                return t.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        return new double[]{fromMs, toMs};
    }

    private static String dateLabel(double ms, double[] ticks) {
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochMilli((long) ms), ZoneOffset.UTC);
        boolean monthly = ticks.length > 1 && ticks[1] - ticks[0] >= 27 * DAY_MS;
        return monthly ? d.toString().substring(0, 7) : d.toString();
    }

    private static String tickLabel(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return fmt(v, decimals);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String shorten(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "…";
    }

    /** Data to pixel mapping of the plot area. */
    private record Frame(double xMin, double xMax, double yMin, double yMax) {
        double px(double x) {
            return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
        }
    }
}
