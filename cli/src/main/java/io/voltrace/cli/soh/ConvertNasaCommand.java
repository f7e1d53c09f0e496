package io.voltrace.cli.soh;

import io.voltrace.evidence.Point;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes NASA PCoE's per-discharge CSVs in the aging-data layout that calibrate and validate-aging read. */
@Command(name = "convert-nasa", mixinStandardHelpOptions = true,
        description = {"Converts NASA PCoE's discharge files (aging-nasa/discharge_cycles/<cell>/dis_<n>_cap_<Ah>"
                + ".csv) to the aging-data layout: <cell>.csv.gz (cycle, test_time_s, current_a, voltage_v; the "
                + "discharges one after another, an hour apart) and <cell>_capacity.csv (NASA's capacity per cycle).",
                "Write it outside the repository: the data are third-party and read in place."},
        footer = {"  ./voltrace soh convert-nasa --data ../shared/data --out /tmp/nasa-aging",
                "  ./voltrace soh validate-aging --data /tmp/nasa-aging --chemistry lco --nominal-ah 2"})
public final class ConvertNasaCommand implements Callable<Integer> {
    /** Between two discharges: longer than any gap the extractor counts across, so each starts on its own. */
    private static final double GAP_SECONDS = 3600;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the shared data folder, its "
            + "aging-nasa folder, or aging-nasa/discharge_cycles")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write (created)")
    Path out;

    @Option(names = "--cells", split = ",", defaultValue = "B0005,B0006", paramLabel = "B000x",
            description = "cells to convert (default ${DEFAULT-VALUE})")
    List<String> cells;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path root = NasaValidation.dischargeFolder(data);
            Files.createDirectories(out);
            for (String cell : cells) {
                Path dir = root.resolve(cell);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(dir + ": no such cell folder");
                }
                int rows = convert(cell, NasaValidation.cycles(dir), err);
                o.printf(Locale.ROOT, "%s: %d readings written to %s%n", cell, rows, out.resolve(cell + ".csv.gz"));
            }
            o.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("voltrace soh convert-nasa: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("voltrace soh convert-nasa: cannot read or write: " + e.getMessage());
            return 1;
        }
    }

    private int convert(String cell, List<NasaValidation.Cycle> cycles, PrintWriter err) throws IOException {
        CycleCsv csv = CycleCsv.detect();
        double offset = 0;
        int rows = 0;
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve(cell + ".csv.gz")));
             Writer series = new OutputStreamWriter(gz, StandardCharsets.UTF_8);
             Writer labels = Files.newBufferedWriter(out.resolve(cell + "_capacity.csv"))) {
            series.write("cycle,test_time_s,current_a,voltage_v\n");
            labels.write("cycle,discharge_capacity_ah,discharge_start_s,discharge_end_s\n");
            for (NasaValidation.Cycle c : cycles) {
                List<Point> points = csv.readAll(c.file(), err::println);
                if (points.isEmpty()) {
                    continue;
                }
                double t0 = points.get(0).timeMillis() / 1000.0;
                double start = Double.NaN;
                double end = Double.NaN;
                double last = offset;
                for (Point p : points) {
                    double t = offset + p.timeMillis() / 1000.0 - t0;
                    series.write(String.format(Locale.ROOT, "%d,%.3f,%.5f,%.5f%n", c.number(), t, p.current(),
                            p.voltage()));
                    if (p.current() < -0.1) {
                        start = Double.isNaN(start) ? t : start;
                        end = t;
                    }
                    last = t;
                    rows++;
                }
                labels.write(String.format(Locale.ROOT, "%d,%s,%.3f,%.3f%n", c.number(), c.nasaAh(), start, end));
                offset = last + GAP_SECONDS;
            }
        }
        return rows;
    }
}
