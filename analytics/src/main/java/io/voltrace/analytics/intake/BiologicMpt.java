package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.RowProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BioLogic EC-Lab ASCII export ({@code .mpt}), as EC-Lab's manual describes it: a first line
 * {@code EC-Lab ASCII FILE}, a line {@code Nb header lines : N} counting every header line including the column
 * line, which is the N-th; then tab-separated readings. Columns used: {@code time/s}, {@code Ewe/V} (or
 * {@code Ecell/V}, {@code <Ewe>/V}), {@code I/mA} (or {@code <I>/mA}; positive when charging, as EC-Lab writes it
 * for a battery on the working electrode), and {@code Ns} (the sequence, as the step). Numbers may carry a decimal
 * comma (EC-Lab on a European locale). The text is Windows-1252 (EC-Lab writes {@code µ} so). The file's own charge
 * counters restart every half cycle and are not used: the current is integrated.
 */
final class BiologicMpt {
    static final String MAGIC = "EC-Lab ASCII FILE";
    private static final Pattern HEADER_LINES = Pattern.compile("Nb header lines\\s*:\\s*(\\d+)");
    private static final Charset TEXT = Charset.forName("windows-1252");

    private BiologicMpt() {
    }

    static CyclerFile.Read read(Path file) {
        String name = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, TEXT)) {
            String first = in.readLine();
            if (first == null || !first.trim().equals(MAGIC)) {
                throw new IllegalArgumentException(name + ":1: not an EC-Lab ASCII export: the first line must be '"
                        + MAGIC + "'" + (first == null ? " (empty file)" : ", was '" + abbreviate(first) + "'"));
            }
            String second = in.readLine();
            Matcher m = HEADER_LINES.matcher(second == null ? "" : second);
            if (!m.find()) {
                throw new IllegalArgumentException(name + ":2: expected 'Nb header lines : N', was '"
                        + abbreviate(second) + "'");
            }
            int headerLines = Integer.parseInt(m.group(1));
            if (headerLines < 3) {
                throw new IllegalArgumentException(name + ":2: 'Nb header lines' is " + headerLines
                        + "; it counts the column line too, so at least 3");
            }
            String line = null;
            for (int n = 3; n <= headerLines; n++) {
                line = in.readLine();
                if (line == null) {
                    throw new IllegalArgumentException(name + ":" + n + ": the file ends inside its " + headerLines
                            + " header lines");
                }
            }
            List<String> header = Arrays.asList(line.split("\t", -1));
            BenchColumns columns = new BenchColumns(name + ":" + headerLines, header, false);
            List<CyclerRow> rows = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            double last = Double.NEGATIVE_INFINITY;
            int n = headerLines;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                String where = name + ":" + n;
                try {
                    CyclerRow r = columns.row(i -> i < cells.length ? cells[i] : null, where);
                    if (r.seconds() < last) {
                        throw new RowProblem(where + ": time/s runs backwards (" + r.seconds() + " after " + last
                                + "): one test per file");
                    }
                    last = r.seconds();
                    rows.add(r);
                } catch (RowProblem e) {
                    problems.add(e.getMessage());
                }
            }
            return new CyclerFile.Read(rows, problems, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
