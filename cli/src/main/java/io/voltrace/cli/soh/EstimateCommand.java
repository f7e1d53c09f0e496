package io.voltrace.cli.soh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.analytics.soh.AssumedFullStart;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.ChargeSessionEstimator;
import io.voltrace.analytics.soh.SocReading;
import io.voltrace.analytics.soh.CurveMatchEstimator;
import io.voltrace.analytics.soh.FullDischargeEstimator;
import io.voltrace.analytics.soh.model.CellModel;
import io.voltrace.analytics.soh.model.CellModels;
import io.voltrace.analytics.soh.model.ModelEstimator;
import io.voltrace.analytics.soh.ReferenceCurve;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.cli.CellTypeOptions;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One file's state of health, as one JSON object. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimates the state of health of one cell or pack from a cycler's or logger's CSV (a bench "
                + "test, a logger export). Columns are found by name unless given.",
                "It cuts the readings into charge and discharge segments, rests and current steps, and prints one "
                        + "JSON object on standard output:",
                "  {\"capacityAh\": x, \"soh\": percent, \"uncertainty\": percent, \"method\": \"...\", "
                        + "\"segments\": n, \"evidence\": \"which evidence gave the figure\"}",
                "Methods, surest first: full discharges to the cutoff; then the surest of a cell-type model's "
                        + "reading of constant-current windows (--model), a file that begins under load in a "
                        + "discharge (start assumed full, with what that may cost in the uncertainty) and charging "
                        + "sessions (charge counted over the SOC span between a relaxed rest, read by OCV and the "
                        + "BMS's --soc-col, and a rest or a constant-voltage end); partial "
                        + "constant-current segments matched against --reference; coulomb counting between relaxed "
                        + "rests.",
                "Exits 2, with the reason on stderr, when the file holds no usable evidence."},
        footer = {"  ./voltrace soh estimate --nominal-ah 2 --chemistry lco \\",
                "      --csv ../shared/data/aging-nasa/discharge_cycles/B0005/dis_100_cap_1.485868384561201.csv",
                "  ./voltrace soh estimate --csv pack.csv --nominal-ah 60 --series-cells 96 --charge-negative",
                "  ./voltrace soh estimate --csv pack.csv --nominal-ah 60 --voltage-col cell_avg --soc-col soc "
                        + "--cell-max-col cell_max",
                "  ./voltrace soh estimate --csv today.csv --reference new.csv --nominal-ah 2 | jq .soh",
                "  ./voltrace soh estimate --csv charge.csv --model /tmp/cs2.json --nominal-ah 1.1 --chemistry lco"})
public final class EstimateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "readings: time, current, voltage "
            + "and (optionally) temperature columns")
    Path csv;

    @Mixin
    CellTypeOptions cellType = new CellTypeOptions();

    @Option(names = "--time-col", paramLabel = "NAME", description = "time column (seconds or ISO-8601)")
    String timeCol;

    @Option(names = "--current-col", paramLabel = "NAME", description = "current column (amperes)")
    String currentCol;

    @Option(names = "--voltage-col", paramLabel = "NAME", description = "voltage column (volts)")
    String voltageCol;

    @Option(names = "--temp-col", paramLabel = "NAME", description = "temperature column (°C)")
    String tempCol;

    @Option(names = "--reference", paramLabel = "FILE", description = "a CSV of the same cell when new, holding a "
            + "full discharge: partial segments are matched against its curve")
    Path reference;

    @Option(names = "--charge-negative", description = "the file's current is negative when charging (default: "
            + "negative when discharging)")
    boolean chargeNegative;

    @Option(names = "--series-cells", defaultValue = "1", paramLabel = "N",
            description = "the voltage column is over N cells in series (default ${DEFAULT-VALUE})")
    int seriesCells;

    @Option(names = "--battery", paramLabel = "ID", description = "name in messages (default: the file name)")
    String battery;

    @Option(names = "--soc-col", paramLabel = "NAME", description = "the BMS's state of charge, percent; may be "
            + "empty on most rows. Read at the end of relaxed rests, it anchors charging sessions")
    String socCol;

    @Option(names = "--cell-max-col", paramLabel = "NAME", description = "the highest cell voltage, volts; may be "
            + "empty on most rows. Gives the weakest cell's figure as \"weakestCell\"")
    String cellMaxCol;

    @Option(names = "--model", paramLabel = "FILE", description = "a cell-type model from 'soh calibrate': "
            + "constant-current charge and discharge windows of this cell type read as capacity")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Chemistry chem;
        try {
            chem = cellType.chemistry();
        } catch (IllegalArgumentException e) {
            err.println("voltrace soh estimate: " + e.getMessage());
            return 2;
        }
        double nominalAh = cellType.nominalAh();
        if (!(nominalAh > 0) || seriesCells < 1) {
            err.println("voltrace soh estimate: --nominal-ah must be positive and --series-cells 1 or more");
            return 2;
        }
        ExtractorConfig config = cellType.config(seriesCells);
        CycleCsv reader = new CycleCsv(timeCol, currentCol, voltageCol, tempCol, chargeNegative, seriesCells);
        String id = battery != null ? battery : csv.getFileName().toString();
        SohAssessor assessor = SohAssessor.defaults();
        try {
            CellModel cellModel = model == null ? null : CellModels.read(model);
            if (cellModel != null && !cellModel.chemistry().equalsIgnoreCase(chem.name())) {
                err.println("voltrace soh estimate: the model " + model + " is of " + cellModel.chemistry()
                        + " cells, --chemistry is " + cellType.chemistryName());
                return 2;
            }
            ReferenceCurve ref = null;
            if (reference != null) {
                FileEvidence r = FileEvidence.of(reference, reader, config, err::println);
                ref = ReferenceCurve.firstFullDischarge(r.log().segments(), config.cutoffVolts(),
                        FullDischargeEstimator.defaults()).orElse(null);
                if (ref == null) {
                    err.println("voltrace soh estimate: reference " + reference + " holds no full discharge (from "
                            + "full charge to the cutoff, constant current) to match against");
                    return 2;
                }
            }
            FileEvidence e;
            LogColumns columns = null;
            List<Point> points = new ArrayList<>();
            try (Progress progress = progressOptions.start("read " + csv.getFileName(), 0, "readings")) {
                if (socCol == null && cellMaxCol == null) {
                    e = FileEvidence.of(csv, reader, config, err::println, progress);
                } else {
                    CycleCsv.Summary summary = reader.read(csv, p -> {
                        points.add(p);
                        progress.advance(1);
                    }, err::println);
                    columns = LogColumns.read(csv, summary.time(), socCol, cellMaxCol, err::println);
                    FileEvidence pass = FileEvidence.of(points, config);
                    e = new FileEvidence(pass.log(), pass.throughput(), summary);
                }
            }
            List<SocReading> soc = columns == null ? List.of() : columns.soc();
            SohEstimate estimate = assessor.assess(id, chem, nominalAh, config.cutoffVolts(), e.log(), ref,
                    cellModel, soc);
            if (!estimate.sufficient()) {
                err.println("voltrace soh estimate: insufficient evidence in " + csv + " (" + e.csv().rows()
                        + " readings, " + e.log().segments().size() + " segments, " + e.log().rests().size()
                        + " rests): " + estimate.insufficientReason());
                return 2;
            }
            ObjectNode node = node(estimate);
            if (cellMaxCol != null) {
                List<Point> weakest = columns.weakestCell(points);
                // The BMS's SOC is the pack's, not the weakest cell's: the cell's figure rests on its own voltage.
                SohEstimate cell = weakest.isEmpty()
                        ? SohEstimate.insufficient(id, 0, "none", "column '" + cellMaxCol + "' is empty")
                        : assessor.assess(id, chem, nominalAh, config.cutoffVolts(),
                                FileEvidence.of(weakest, config).log(), null, cellModel, List.of());
                ObjectNode w = cell.sufficient() ? node(cell) : node.objectNode().put("insufficient",
                        cell.insufficientReason());
                node.set("weakestCell", w);
            }
            out.println(node);
            out.flush();
            return 0;
        } catch (IllegalArgumentException ex) {
            err.println("voltrace soh estimate: " + ex.getMessage());
            return 2;
        } catch (IOException ex) {
            err.println("voltrace soh estimate: cannot read " + (ex instanceof NoSuchFileException n
                    ? n.getFile() + ": no such file" : ex.getMessage()));
            return 2;
        }
    }

    static String json(SohEstimate e) {
        return node(e).toString();
    }

    private static ObjectNode node(SohEstimate e) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("capacityAh", round(e.capacityAh(), 4));
        node.put("soh", round(e.sohPercent(), 2));
        node.put("uncertainty", round(e.uncertaintyPercent(), 2));
        node.put("method", e.method());
        node.put("segments", e.segments());
        node.put("evidence", evidence(e.method()));
        return node;
    }

    /** Which evidence gave the figure, in words a reader of the JSON can act on. */
    static String evidence(String method) {
        if (method.equals(FullDischargeEstimator.METHOD)) {
            return "full discharge from full charge to the cutoff";
        }
        if (method.equals(AssumedFullStart.METHOD)) {
            return "discharge to the cutoff from a start under load assumed full";
        }
        if (method.startsWith(ModelEstimator.METHOD)) {
            int at = method.lastIndexOf("), ");
            return "constant-current " + method.substring(at + 3) + " read through the cell model";
        }
        if (method.equals(CurveMatchEstimator.METHOD)) {
            return "partial constant-current segment matched to the reference curve";
        }
        if (method.startsWith(ChargeSessionEstimator.METHOD)) {
            return method.substring(ChargeSessionEstimator.METHOD.length() + 2);
        }
        if (method.equals(CapacityEstimator.METHOD)) {
            return "relaxed rests (open-circuit voltage) and the charge counted between them";
        }
        return method;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
