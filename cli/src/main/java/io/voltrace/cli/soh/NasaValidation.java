package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.CurveMatch;
import io.voltrace.analytics.soh.CurveMatchEstimator;
import io.voltrace.analytics.soh.FullDischargeEstimator;
import io.voltrace.analytics.soh.ReferenceCurve;
import io.voltrace.analytics.soh.ResistanceEstimate;
import io.voltrace.analytics.soh.ResistanceEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.cli.Progress;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import io.voltrace.evidence.Segment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Validation on NASA PCoE's aging data (18650 LCO cells B0005, B0006, 2 Ah rated, discharged at 2 A): for every
 * discharge, (a) capacity from the whole discharge against NASA's figure in the file name, and (b) capacity from
 * only the part of the discharge between two voltages, matched against the cell's first discharge as the reference.
 * Every file goes through the same CSV reader, extractor and estimators as {@code voltrace soh estimate}.
 */
final class NasaValidation {
    static final double NOMINAL_AH = 2.0;
    private static final Pattern FILE = Pattern.compile("dis_(\\d+)_cap_([0-9.eE+-]+)\\.csv");

    private final double windowLow;
    private final double windowHigh;
    private final ExtractorConfig config = ExtractorConfig.of(Chemistry.LCO, NOMINAL_AH, 1);
    private final FullDischargeEstimator full = FullDischargeEstimator.defaults();
    private final CurveMatchEstimator curves = CurveMatchEstimator.defaults();
    // The step from rest at full charge into the 2 A discharge: one per cycle, all at the same state.
    private final ResistanceEstimator resistance = ResistanceEstimator.defaults().inVoltageBand(4.0, 4.3)
            .withSeconds(0, 30);

    NasaValidation(double windowLow, double windowHigh) {
        if (!(windowLow < windowHigh)) {
            throw new IllegalArgumentException("window low must be below window high");
        }
        this.windowLow = windowLow;
        this.windowHigh = windowHigh;
    }

    /** A discharge file and NASA's capacity for it. */
    record Cycle(String cell, int number, double nasaAh, Path file) {
    }

    /**
     * One cycle's results. Window figures are NaN when the window held no matchable segment.
     *
     * @param referenceAh      the reference's (first cycle's) capacity
     * @param fullAh           capacity from the whole discharge
     * @param fullSigmaAh      its stated one-sigma uncertainty
     * @param windowAh         capacity from the window's curve fit (every fit, gated or not)
     * @param windowSigmaAh    its stated one-sigma uncertainty
     * @param windowGiven      the estimator gives that figure (its uncertainty within bounds)
     * @param shape            upper/lower half disagreement of the window fit
     * @param stepOhms         resistance of the step into the discharge, at 25 °C, or NaN
     */
    record CycleResult(Cycle cycle, double referenceAh, double fullAh, double fullSigmaAh, double windowAh,
                       double windowSigmaAh, boolean windowGiven, double shape, double stepOhms) {

        /** Error of assuming nothing changed since the reference: what a partial window must beat. */
        double baselineErrorPercent() {
            return (referenceAh / cycle.nasaAh() - 1) * 100;
        }

        double fullErrorPercent() {
            return (fullAh / cycle.nasaAh() - 1) * 100;
        }

        double windowErrorPercent() {
            return (windowAh / cycle.nasaAh() - 1) * 100;
        }
    }

    /** Errors of one method on one cell, percent of NASA's capacity. */
    record Summary(String cell, String method, int cycles, int figures, double meanAbs, double maxAbs, double bias,
                   double withinTwoSigma, double baselineMeanAbs) {
    }

    record Report(List<CycleResult> cycles, List<Summary> summaries, List<String> resistance) {
    }

    /** The discharge files of one cell folder, in cycle order. */
    static List<Cycle> cycles(Path cellDir) throws IOException {
        List<Cycle> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(cellDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(new Cycle(cellDir.getFileName().toString(), Integer.parseInt(m.group(1)),
                            Double.parseDouble(m.group(2)), f));
                }
            }
        }
        out.sort(Comparator.comparingInt(Cycle::number));
        return out;
    }

    /** Accepts the shared-data root, the aging-nasa folder, or its discharge_cycles folder. */
    static Path dischargeFolder(Path data) {
        for (Path p : List.of(data.resolve("aging-nasa").resolve("discharge_cycles"), data.resolve("discharge_cycles"),
                data)) {
            if (Files.isDirectory(p.resolve("B0005")) || Files.isDirectory(p.resolve("B0006"))) {
                return p;
            }
        }
        throw new IllegalArgumentException(data + ": no NASA discharge folders (B0005, B0006) here, in "
                + "discharge_cycles/ or in aging-nasa/discharge_cycles/");
    }

    Report run(Path data, List<String> cells, Consumer<String> problems) throws IOException {
        return run(data, cells, problems, total -> Progress.silent());
    }

    /**
     * Runs the validation.
     *
     * @param progress given the number of discharge files, the progress display to count them on
     */
    Report run(Path data, List<String> cells, Consumer<String> problems, LongFunction<Progress> progress)
            throws IOException {
        Path root = dischargeFolder(data);
        // Every cell's files are listed first: a wrong cell name fails before the work, and the total is known.
        Map<String, List<Cycle>> byCell = new LinkedHashMap<>();
        for (String cell : cells) {
            Path dir = root.resolve(cell);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + ": no such cell folder");
            }
            List<Cycle> cycles = cycles(dir);
            if (cycles.isEmpty()) {
                throw new IllegalArgumentException(dir + ": no dis_<n>_cap_<Ah>.csv files");
            }
            byCell.put(cell, cycles);
        }
        try (Progress shown = progress.apply(byCell.values().stream().mapToLong(List::size).sum())) {
            return run(byCell, problems, shown);
        }
    }

    private Report run(Map<String, List<Cycle>> byCell, Consumer<String> problems, Progress progress)
            throws IOException {
        List<CycleResult> results = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        List<String> resistanceLines = new ArrayList<>();
        CycleCsv csv = CycleCsv.detect();
        for (Map.Entry<String, List<Cycle>> entry : byCell.entrySet()) {
            String cell = entry.getKey();
            List<Cycle> cycles = entry.getValue();
            ReferenceCurve reference = null;
            List<CycleResult> cellResults = new ArrayList<>();
            List<CurrentStep> steps = new ArrayList<>();
            for (Cycle c : cycles) {
                List<Point> points = csv.readAll(c.file(), problems);
                FileEvidence whole = FileEvidence.of(points, config);
                SohEstimate f = full.estimate(cell, NOMINAL_AH, config.cutoffVolts(), whole.log().segments());
                if (reference == null) {
                    reference = ReferenceCurve.firstFullDischarge(whole.log().segments(), config.cutoffVolts(), full)
                            .orElseThrow(() -> new IllegalArgumentException(c.file()
                                    + ": the first cycle holds no full discharge to use as the reference"));
                }
                double stepOhms = Double.NaN;
                for (CurrentStep s : whole.log().steps()) {
                    if (s.voltsBefore() >= 4.0 && s.deltaAmps() < 0) {
                        steps.add(s);
                        stepOhms = resistance.correctedOhms(s);
                        break;
                    }
                }
                CycleResult r = window(c, f, reference, points, stepOhms);
                cellResults.add(r);
                progress.advance(1);
            }
            results.addAll(cellResults);
            summaries.add(summarize(cell, "full discharge", cellResults, true, false));
            summaries.add(summarize(cell, "window, every fit", cellResults, false, false));
            summaries.add(summarize(cell, "window, figures given", cellResults, false, true));
            resistanceLines.add(resistanceLine(cell, steps));
        }
        return new Report(results, summaries, resistanceLines);
    }

    private CycleResult window(Cycle c, SohEstimate full, ReferenceCurve reference, List<Point> points,
                               double stepOhms) {
        double fullAh = full.sufficient() ? full.capacityAh() : Double.NaN;
        double fullSigma = full.sufficient() ? full.uncertaintyPercent() / 100 * NOMINAL_AH : Double.NaN;
        List<Point> cut = cut(points);
        Segment segment = null;
        if (!cut.isEmpty()) {
            for (Segment s : FileEvidence.of(cut, config).log().segments()) {
                if (s.direction() == Direction.DISCHARGE && (segment == null || s.ah() > segment.ah())) {
                    segment = s;
                }
            }
        }
        if (segment == null) {
            return new CycleResult(c, reference.capacityAh(), fullAh, fullSigma, Double.NaN, Double.NaN, false, Double.NaN, stepOhms);
        }
        CurveMatchEstimator.Result m = curves.match(reference, segment);
        if (m.match() == null) {
            return new CycleResult(c, reference.capacityAh(), fullAh, fullSigma, Double.NaN, Double.NaN, false, Double.NaN, stepOhms);
        }
        CurveMatch match = m.match();
        SohEstimate given = curves.estimate(c.cell(), NOMINAL_AH, reference, List.of(segment));
        return new CycleResult(c, reference.capacityAh(), fullAh, fullSigma, match.capacityAh(),
                match.relativeUncertainty() * match.capacityAh(), given.sufficient(), match.shapeDisagreement(),
                stepOhms);
    }

    /** The readings under load from the first at or below the window's top to the last at or above its bottom. */
    List<Point> cut(List<Point> points) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (Math.abs(p.current()) < config.restAmps()) {
                continue;
            }
            if (first < 0 && p.voltage() <= windowHigh) {
                first = i;
            }
            if (first >= 0 && p.voltage() >= windowLow) {
                last = i;
            }
        }
        return first < 0 || last < first ? List.of() : points.subList(first, last + 1);
    }

    private static Summary summarize(String cell, String method, List<CycleResult> rs, boolean fullMethod,
                                     boolean givenOnly) {
        int figures = 0;
        double sumAbs = 0;
        double maxAbs = 0;
        double sum = 0;
        int within = 0;
        double baseline = 0;
        for (CycleResult r : rs) {
            double est = fullMethod ? r.fullAh() : r.windowAh();
            double sigma = fullMethod ? r.fullSigmaAh() : r.windowSigmaAh();
            if (Double.isNaN(est) || (givenOnly && !r.windowGiven())) {
                continue;
            }
            double err = fullMethod ? r.fullErrorPercent() : r.windowErrorPercent();
            figures++;
            baseline += Math.abs(r.baselineErrorPercent());
            sumAbs += Math.abs(err);
            sum += err;
            maxAbs = Math.max(maxAbs, Math.abs(err));
            if (Math.abs(est - r.cycle().nasaAh()) <= 2 * sigma) {
                within++;
            }
        }
        return new Summary(cell, method, rs.size(), figures, figures == 0 ? Double.NaN : sumAbs / figures,
                figures == 0 ? Double.NaN : maxAbs, figures == 0 ? Double.NaN : sum / figures,
                figures == 0 ? Double.NaN : (double) within / figures, figures == 0 ? Double.NaN : baseline / figures);
    }

    /** Resistance of the first ten cycles' steps against the last ten's. */
    private String resistanceLine(String cell, List<CurrentStep> steps) {
        if (steps.size() < 20) {
            return cell + ": " + steps.size() + " steps from rest at full charge, too few for a growth figure";
        }
        ResistanceEstimate bol = resistance.estimate(cell, steps.subList(0, 10));
        ResistanceEstimate now = resistance.estimate(cell, steps.subList(steps.size() - 10, steps.size()));
        if (!bol.sufficient() || !now.sufficient()) {
            return cell + ": resistance " + (bol.sufficient() ? now.insufficientReason() : bol.insufficientReason());
        }
        return String.format(Locale.ROOT, "%s: resistance of the ~%.0f s step into the 2 A discharge at full charge, "
                        + "at 25 °C: first 10 cycles %.1f ± %.1f mΩ, last 10 cycles %.1f ± %.1f mΩ, growth %+.1f ± "
                        + "%.1f %%",
                cell, steps.get(0).seconds(), bol.ohms() * 1000, bol.uncertaintyOhms() * 1000, now.ohms() * 1000,
                now.uncertaintyOhms() * 1000, now.growthPercent(bol), now.growthUncertaintyPercent(bol));
    }

    void print(Report report, PrintWriter out, boolean perCycle) {
        if (perCycle) {
            out.printf(Locale.ROOT, "%-6s %5s %9s %9s %7s %9s %7s %7s %6s %5s %7s%n", "cell", "cycle", "NASA Ah",
                    "full Ah", "err %", "window Ah", "err %", "±1σ %", "shape%", "given", "R25 mΩ");
            for (CycleResult r : report.cycles()) {
                out.printf(Locale.ROOT, "%-6s %5d %9.4f %9.4f %+7.3f %9.4f %+7.2f %7.2f %6.1f %5s %7.1f%n",
                        r.cycle().cell(), r.cycle().number(), r.cycle().nasaAh(), r.fullAh(), r.fullErrorPercent(),
                        r.windowAh(), r.windowErrorPercent(), r.windowSigmaAh() / r.windowAh() * 100,
                        r.shape() * 100, r.windowGiven() ? "yes" : "no", r.stepOhms() * 1000);
            }
            out.println();
        }
        out.printf(Locale.ROOT, "window %.2f–%.2f V, reference: each cell's first discharge; errors in %% of NASA's "
                + "capacity%n", windowLow, windowHigh);
        out.printf(Locale.ROOT, "%-6s %-22s %6s %7s %9s %9s %8s %7s %14s%n", "cell", "method", "cycles", "figures",
                "mean|err|", "max|err|", "bias", "in ±2σ", "no-change|err|");
        for (Summary s : report.summaries()) {
            out.printf(Locale.ROOT, "%-6s %-22s %6d %7d %8.3f%% %8.3f%% %+7.3f%% %6.0f%% %13.3f%%%n", s.cell(),
                    s.method(), s.cycles(), s.figures(), s.meanAbs(), s.maxAbs(), s.bias(), s.withinTwoSigma() * 100,
                    s.baselineMeanAbs());
        }
        out.println("no-change: the error of assuming the capacity is still the reference's, over the same cycles");
        for (String line : report.resistance()) {
            out.println(line);
        }
        out.flush();
    }
}
