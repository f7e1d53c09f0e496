package io.voltrace.analytics.rul;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Remaining useful life from a pack's SOH history: a robust (Huber) fade fit against age and against equivalent
 * cycles, extrapolated to each SOH threshold, with a residual-bootstrap interval. When the begin of life is known the
 * square-root-of-age shape is tried too and the one with the smaller robust residual scale is kept. Too short or flat
 * a history gives a reason instead of a number: extrapolating noise would read as a forecast.
 *
 * @param minPoints       fewest SOH readings
 * @param minSpanDays     shortest history, days
 * @param minSpanCycles   least throughput over the history, equivalent cycles
 * @param minFadePercent  least fitted SOH loss over the history, points; less is flat
 * @param resamples       bootstrap resamples
 * @param intervalPercent interval coverage, percent
 * @param seed            bootstrap seed: the same history gives the same interval
 * @param thresholds      SOH thresholds to project to, percent
 */
public record RulEstimator(int minPoints, double minSpanDays, double minSpanCycles, double minFadePercent,
                           int resamples, double intervalPercent, long seed, List<Double> thresholds) {

    public static final String DAYS = "days";
    public static final String CYCLES = "equivalent cycles";
    private static final double DAY_MS = 86_400_000.0;
    /** Beyond this multiple of the observed span a projection gets a warning note. */
    private static final double FAR_EXTRAPOLATION = 3;

    public RulEstimator {
        thresholds = List.copyOf(thresholds);
        if (minPoints < 3 || !(minSpanDays >= 0) || !(minSpanCycles >= 0) || !(minFadePercent >= 0)
                || resamples < 100 || !(intervalPercent > 0 && intervalPercent < 100) || thresholds.isEmpty()) {
            throw new IllegalArgumentException("RUL estimator parameters out of range");
        }
    }

    /** At least 5 readings over 90 days and 20 equivalent cycles, 0.5 points of fade, 90 % intervals, 80 and 60 %. */
    public static RulEstimator defaults() {
        return new RulEstimator(5, 90, 20, 0.5, 1000, 90, 1, List.of(80.0, 60.0));
    }

    public RulEstimator withThresholds(List<Double> percent) {
        return new RulEstimator(minPoints, minSpanDays, minSpanCycles, minFadePercent, resamples, intervalPercent,
                seed, percent);
    }

    public RemainingLife estimate(SohHistory history) {
        if (history.isEmpty()) {
            String why = "insufficient history: no SOH readings";
            return new RemainingLife(history.battery(), 0, Double.NaN, Double.NaN, intervalPercent,
                    LifeProjection.insufficient(DAYS, why), LifeProjection.insufficient(CYCLES, why));
        }
        List<SohPoint> points = history.points();
        int n = points.size();
        SohPoint last = history.last();
        double[] y = new double[n];
        double[] days = new double[n];
        double[] cycles = new double[n];
        long origin = history.beginOfLifeTs() != null ? history.beginOfLifeTs() : points.get(0).ts();
        for (int i = 0; i < n; i++) {
            SohPoint p = points.get(i);
            y[i] = p.sohPercent();
            days[i] = (p.ts() - origin) / DAY_MS;
            cycles[i] = history.beginOfLifeTs() != null ? p.equivalentCycles()
                    : p.equivalentCycles() - points.get(0).equivalentCycles();
        }
        boolean fromBol = history.beginOfLifeTs() != null;
        double cycleOrigin = fromBol ? 0 : points.get(0).equivalentCycles();
        LifeProjection byDays = project(DAYS, days, y, minSpanDays, fromBol, origin, DAY_MS);
        LifeProjection byCycles = project(CYCLES, cycles, y, minSpanCycles, fromBol, cycleOrigin, 1);
        return new RemainingLife(history.battery(), last.ts(), last.sohPercent(), last.equivalentCycles(),
                intervalPercent, byDays, byCycles);
    }

    private LifeProjection project(String unit, double[] x, double[] y, double minSpan, boolean fromBol,
                                   double axisOrigin, double unitLength) {
        int n = x.length;
        if (n < minPoints) {
            return LifeProjection.insufficient(unit, String.format(Locale.ROOT,
                    "insufficient history: %d SOH reading%s, need %d", n, n == 1 ? "" : "s", minPoints));
        }
        double span = x[n - 1] - x[0];
        if (!(span >= minSpan) || span <= 0) {
            return LifeProjection.insufficient(unit, String.format(Locale.ROOT,
                    "insufficient history: spans %s %s, need %s", num(span), unit, num(minSpan)));
        }
        List<FadeModel> models = fromBol ? List.of(FadeModel.LINEAR, FadeModel.SQRT) : List.of(FadeModel.LINEAR);
        Candidate best = null;
        String comparison = null;
        for (FadeModel m : models) {
            Candidate c = Candidate.fit(m, x, y);
            if (best != null) {
                Candidate winner = c.line.sigma < best.line.sigma ? c : best;
                Candidate loser = winner == c ? best : c;
                comparison = String.format(Locale.ROOT, "%s fit (residual σ %.2f) chosen over %s (σ %.2f)",
                        name(winner.model), winner.line.sigma, name(loser.model), loser.line.sigma);
                best = winner;
            } else {
                best = c;
            }
        }
        double xLast = x[n - 1];
        double change = best.line.b * (best.model.g(xLast) - best.model.g(x[0]));
        Bootstrap boot = bootstrap(best, x, y);
        double alpha = (100 - intervalPercent) / 200.0;
        double slopeLow = percentile(boot.slopes, alpha);
        double slopeHigh = percentile(boot.slopes, 1 - alpha);
        if (-change < minFadePercent || slopeHigh >= 0) {
            return LifeProjection.insufficient(unit, String.format(Locale.ROOT,
                    "insufficient history: SOH flat, fitted change %+.2f points over %s %s (%s fit; %.0f %% interval"
                            + " of the slope %+.3g to %+.3g points per %s), nothing to extrapolate",
                    change, num(span), unit, name(best.model), intervalPercent, slopeLow, slopeHigh,
                    best.model == FadeModel.SQRT ? "√" + singular(unit) : singular(unit)));
        }
        double fittedNow = best.line.at(best.model.g(xLast));
        List<Remaining> remaining = new ArrayList<>();
        for (int t = 0; t < thresholds.size(); t++) {
            double threshold = thresholds.get(t);
            double central = remainingTo(best.model, best.line.a, best.line.b, threshold, xLast);
            double[] sample = boot.remaining[t];
            double low = percentile(sample, alpha);
            double high = percentile(sample, 1 - alpha);
            List<String> notes = new ArrayList<>();
            if (fittedNow < threshold) {
                notes.add(String.format(Locale.ROOT, "fitted SOH %.1f %% at the last reading is already below %s %%",
                        fittedNow, num(threshold)));
            }
            if (Double.isInfinite(high)) {
                long open = Arrays.stream(sample).filter(Double::isInfinite).count();
                notes.add(String.format(Locale.ROOT, "upper bound open: %.0f %% of resamples show no fade",
                        100.0 * open / sample.length));
            }
            if (central > FAR_EXTRAPOLATION * span) {
                notes.add(String.format(Locale.ROOT, "extrapolates %.1f× the %s-%s history", central / span,
                        num(span), singular(unit)));
            }
            if (comparison != null) {
                notes.add(comparison);
            }
            remaining.add(new Remaining(threshold, central, low, Double.isInfinite(high) ? null : high,
                    notes.isEmpty() ? null : String.join("; ", notes)));
        }
        double rate = best.model == FadeModel.LINEAR ? best.line.b
                : best.line.b / (2 * Math.sqrt(Math.max(xLast, 1e-9)));
        FadeFit fit = new FadeFit(best.model, best.line.a, best.line.b, best.line.sigma, rate, n, axisOrigin,
                unitLength);
        return new LifeProjection(unit, fit, remaining, null);
    }

    /** Residual bootstrap: the fitted line plus residuals drawn with replacement, refitted each time. */
    private Bootstrap bootstrap(Candidate best, double[] x, double[] y) {
        int n = x.length;
        double[] u = new double[n];
        double[] fitted = new double[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = best.model.g(x[i]);
            fitted[i] = best.line.at(u[i]);
            residual[i] = y[i] - fitted[i];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ys = new double[n];
        double[] weights = new double[n];
        double[] scratch = new double[n];
        double[] slopes = new double[resamples];
        double[][] remaining = new double[thresholds.size()][resamples];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                ys[i] = fitted[i] + residual[random.nextInt(n)];
            }
            HuberLine line = HuberLine.fit(u, ys, n, weights, scratch);
            slopes[r] = line.b;
            for (int t = 0; t < thresholds.size(); t++) {
                remaining[t][r] = remainingTo(best.model, line.a, line.b, thresholds.get(t), x[n - 1]);
            }
        }
        return new Bootstrap(slopes, remaining);
    }

    /** From xLast until the line reaches the threshold; 0 when it already has, infinite when it never will. */
    private static double remainingTo(FadeModel model, double a, double b, double threshold, double xLast) {
        if (!(b < 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double x = model.inverse((threshold - a) / b);
        return Math.max(0, x - xLast);
    }

    /** Linear-interpolated percentile; sorts {@code values}. */
    private static double percentile(double[] values, double p) {
        Arrays.sort(values);
        double pos = p * (values.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, values.length - 1);
        if (Double.isInfinite(values[hi]) || Double.isInfinite(values[lo])) {
            return values[pos - lo < 0.5 ? lo : hi];
        }
        return values[lo] + (values[hi] - values[lo]) * (pos - lo);
    }

    private static String name(FadeModel m) {
        return m == FadeModel.LINEAR ? "linear" : "square-root";
    }

    private static String singular(String unit) {
        return unit.equals(DAYS) ? "day" : "cycle";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private record Candidate(FadeModel model, HuberLine line) {
        static Candidate fit(FadeModel model, double[] x, double[] y) {
            int n = x.length;
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = model.g(x[i]);
            }
            return new Candidate(model, HuberLine.fit(u, y, n, new double[n], new double[n]));
        }
    }

    private record Bootstrap(double[] slopes, double[][] remaining) {
    }
}
