package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.aging.CellHistory;
import io.voltrace.analytics.soh.aging.LeaveOneCellOut;
import io.voltrace.analytics.soh.model.CellModelCalibrator;
import io.voltrace.analytics.soh.model.ModelEstimator;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Whole-cycle capacity and leave-one-cell-out window models on labelled aging data. */
@Command(name = "validate-aging", aliases = "validate-calce", mixinStandardHelpOptions = true,
        description = {"Validates the SOH methods on labelled aging data (the layout of aging-calce): capacity from "
                + "every whole cycle (charge, CV, rest, discharge) against the labels, then, for each cell in turn, "
                + "a cell model calibrated on the other cells only and scored on that cell's constant-current "
                + "charge and discharge windows.",
                "Errors are in percent of the rated capacity (SOH points). Prints the tables docs/validation.md "
                        + "reports; takes about a minute for the three CALCE cells."},
        footer = {"  ./voltrace soh validate-aging --data ../shared/data/aging-calce --chemistry lco --nominal-ah 1.1",
                "  ./voltrace soh validate-aging --data ../shared/data/aging-calce --chemistry lco --nominal-ah 1.1 "
                        + "--windows"})
public final class ValidateAgingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    AgingOptions aging;

    @Option(names = "--span", defaultValue = "0.3", paramLabel = "V", description = "window width, volts per cell "
            + "(default ${DEFAULT-VALUE})")
    double span;

    @Option(names = "--windows", description = "also print a row per held-out cell and window position")
    boolean windows;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<CellHistory> cells;
            try (Progress p = progressOptions.start("read and extract", 0, "cells")) {
                cells = aging.histories(err::println, p);
            }
            CellModelCalibrator calibrator = new CellModelCalibrator(span, 0.01, 20);
            LeaveOneCellOut.Report r = new LeaveOneCellOut(aging.chemistry(), aging.nominalAh, aging.config(), calibrator,
                    ModelEstimator.defaults()).run(cells);
            print(r, out);
            out.flush();
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("voltrace soh validate-aging: " + e.getMessage());
            return 2;
        }
    }

    private void print(LeaveOneCellOut.Report r, PrintWriter out) {
        out.println("Whole cycles: full discharge to the cutoff, counted from I, V and t (errors in % of rated)");
        out.println("cell | labelled | label is capacity | measured | MAE vs label | max vs label | max rel. | "
                + "MAE vs delivered | max vs delivered | within ±2σ");
        for (LeaveOneCellOut.WholeCycles w : r.whole()) {
            out.printf(Locale.ROOT, "%s | %d | %d | %d | %.3f | %.3f | %.2f %% | %.3f | %.3f | %.0f %%%n", w.cell(),
                    w.labelled(), w.valid(), w.measured(), w.againstLabel().mae(), w.againstLabel().max(),
                    w.againstLabel().maxRelative(), w.againstDelivered().mae(), w.againstDelivered().max(),
                    w.againstDelivered().within2Sigma());
        }
        out.println();
        out.println("Discharge step alone (the file begins under load; start assumed full), against delivered");
        out.println("cell | answered | refused | MAE | max | max rel. | bias | within ±2σ");
        for (LeaveOneCellOut.WholeCycles w : r.whole()) {
            LeaveOneCellOut.Errors d = w.dischargeOnly();
            out.printf(Locale.ROOT, "%s | %d | %d | %.3f | %.3f | %.2f %% | %+.3f | %.0f %%%n", w.cell(), d.count(),
                    w.dischargeOnlyRefused(), d.mae(), d.max(), d.maxRelative(), d.bias(), d.within2Sigma());
        }
        if (r.heldOut().isEmpty()) {
            out.println("Leave-one-cell-out needs two cells or more.");
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "Windows of %.2f V, leave-one-cell-out (model on the other cells; errors in %% of "
                + "rated)%n", span);
        out.println("held out | direction | every window: n, MAE, max | windows given a figure: n, MAE, max, "
                + "within ±2σ | best window per segment: n, MAE, max, within ±2σ");
        for (LeaveOneCellOut.HeldOut h : r.heldOut()) {
            row(out, h.cell(), "charge", h.anyCharge(), h.givenCharge(), h.bestCharge());
            row(out, h.cell(), "discharge", h.anyDischarge(), h.givenDischarge(), h.bestDischarge());
        }
        if (windows) {
            out.println();
            out.println("held out | direction | window | sigma | n | MAE | max | given n | given MAE");
            for (LeaveOneCellOut.HeldOut h : r.heldOut()) {
                for (LeaveOneCellOut.WindowScore w : h.windows()) {
                    out.printf(Locale.ROOT, "%s | %s | %.2f–%.2f V | %.2f | %d | %.2f | %.2f | %d | %.2f%n",
                            w.cell(), w.direction().name().toLowerCase(Locale.ROOT), w.lowVolts(), w.highVolts(),
                            w.sigmaPercent(), w.all().count(), w.all().mae(), w.all().max(), w.given().count(),
                            w.given().mae());
                }
            }
        }
    }

    private static void row(PrintWriter out, String cell, String dir, LeaveOneCellOut.Errors any,
                            LeaveOneCellOut.Errors given, LeaveOneCellOut.Errors best) {
        out.printf(Locale.ROOT, "%s | %s | %d, %.2f, %.2f | %d, %.2f, %.2f, %.0f %% | %d, %.2f, %.2f, %.0f %%%n",
                cell, dir, any.count(), any.mae(), any.max(), given.count(), given.mae(), given.max(),
                given.within2Sigma(), best.count(), best.mae(), best.max(), best.within2Sigma());
    }
}
