package io.voltrace.cli.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.analytics.intake.BenchFiles;
import io.voltrace.analytics.intake.BenchFormat;
import io.voltrace.analytics.intake.CyclerFile;
import io.voltrace.analytics.intake.IntakeJson;
import io.voltrace.analytics.intake.IntakeAnalysis;
import io.voltrace.analytics.intake.IntakeProcedure;
import io.voltrace.analytics.intake.IntakeResult;
import io.voltrace.analytics.report.IntakeReport;
import io.voltrace.cli.CellTypeOptions;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.CodeViolation;
import io.voltrace.evidence.ExtractorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Analyses one bench test file and prints the result as JSON; optionally writes the HTML and JSON report. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Analyses a test bench's file for one battery by the procedure in docs/intake.md and prints "
                + "one JSON object: residual capacity and energy (the last discharge from a standard charge to the "
                + "cutoff at constant current, GB/T 34015), SOH against --nominal-ah, every such discharge, DC "
                + "resistance at --pulse-seconds after each step from rest with its SOC, and each rest's OCV and "
                + "drift, with the reasons.",
                "Reads CSV (or .csv.gz): Arbin exports (Test_Time(s), Current(A), Voltage(V), Step_Index, "
                        + "Discharge_Capacity(Ah), ...), the CALCE and NASA files in ../shared/data, and the generic "
                        + "layout time_s,current_a,voltage_v[,step][,discharge_ah][,discharge_wh]; current positive "
                        + "when charging. Also Arbin workbooks (Channel_… sheets), Neware CSV and workbook exports, "
                        + "xlsx or the old binary .xls, and BioLogic EC-Lab .mpt text, found from the file (--format "
                        + "to state it). Native binaries (Neware .nda/.ndax, BioLogic .mpr, Arbin .res) are refused: "
                        + "export CSV, Excel or .mpt text from the vendor's software.",
                "Exits 2 when the code or the file is bad, or the file holds no usable reading."},
        footer = {"  ./voltrace intake test --file ../shared/data/aging-calce/CS2_36.csv.gz --code "
                + "VTRPE96DEMO001T5C0000001 --nominal-ah 1.1 --chemistry lco -q",
                "  ./voltrace intake test --file bench.csv --code VTRPE96DEMO001T5C0000001 --nominal-ah 50 "
                        + "--report out/"})
public final class IntakeTestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the bench's export: CSV, xlsx, xls or .mpt")
    Path file;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", description = "auto, csv, neware-csv, "
            + "arbin-xlsx, neware-xlsx, arbin-xls, neware-xls or biologic-mpt (default ${DEFAULT-VALUE}: from the extension and the header)")
    String format;

    @Option(names = "--code", required = true, paramLabel = "CODE", description = "the battery's GB/T 34014 code")
    String code;

    @Mixin
    CellTypeOptions cellType = new CellTypeOptions();

    @Option(names = "--charge-volts", paramLabel = "V", description = "charge-end voltage per cell (default: the "
            + "chemistry's full-charge voltage)")
    Double chargeVolts;

    @Option(names = "--pulse-seconds", defaultValue = "10", paramLabel = "S", description = "read DC resistance this "
            + "long after a step (default ${DEFAULT-VALUE} s, as IEC 62660-1 and HPPC)")
    double pulseSeconds;

    @Option(names = "--report", paramLabel = "DIR", description = "also write <code>-intake.html (offline plots) "
            + "and <code>-intake.json there")
    Path reportDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CodeViolation bad = BatteryCode.violation(code);
        if (bad != null) {
            err.println("voltrace intake test: --code " + code + ": " + bad);
            return 2;
        }
        try {
            cellType.chemistry();
        } catch (IllegalArgumentException e) {
            err.println("voltrace intake test: " + e.getMessage());
            return 2;
        }
        double nominalAh = cellType.nominalAh();
        IntakeResult result;
        CyclerFile.Read read;
        BenchFormat readAs;
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            ExtractorConfig defaults = cellType.config(1);
            IntakeProcedure procedure = IntakeProcedure.of(nominalAh, defaults.cutoffVolts(),
                    chargeVolts != null ? chargeVolts : defaults.chargeEndVolts(), pulseSeconds);
            try (Progress progress = progressOptions.start("read " + file.getFileName(), 0, "readings")) {
                BenchFiles.Bench bench = BenchFiles.read(file, BenchFormat.parse(format));
                read = bench.read();
                readAs = bench.format();
                progress.set(read.rows().size());
            }
            read.problems().stream().limit(20).forEach(p -> err.println("skipped " + p));
            if (read.problems().size() > 20) {
                err.println("skipped " + (read.problems().size() - 20) + " more bad rows");
            }
            result = new IntakeAnalysis(procedure).analyze(code, file.getFileName().toString(), read.rows(),
                    read.problems().size());
        } catch (NoSuchFileException e) {
            err.println("voltrace intake test: " + file + ": no such file");
            return 2;
        } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
            err.println("voltrace intake test: " + e.getMessage());
            return 2;
        }
        String json = json(result, readAs, false);
        out.println(json);
        out.flush();
        if (reportDir != null) {
            try {
                Files.createDirectories(reportDir);
                Files.writeString(reportDir.resolve(code + "-intake.json"), json(result, readAs, true));
                Files.writeString(reportDir.resolve(code + "-intake.html"), IntakeReport.html(result, read.rows()));
            } catch (IOException e) {
                err.println("voltrace intake test: cannot write the report to " + reportDir + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** The result as JSON, with the format the file was read as (as the service's report has it); NaN → null. */
    static String json(IntakeResult r, BenchFormat readAs, boolean pretty) {
        ObjectNode node = IntakeJson.of(r);
        node.put("format", readAs.wireName());
        try {
            return pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
                    : JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
