package io.voltrace.analytics.table;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one CSV reader of every table voltrace takes (fleet files, cycler and logger exports, pulse tests), on Jackson's
 * CSV module: RFC 4180 quotes, a header line naming the columns, a separator found from that header (comma, semicolon
 * or tab). Rows stream one at a time, each knowing its line number so that a problem names file and line; blank lines
 * are skipped. A table is read once: open, iterate with {@link #next()}, close.
 */
public final class CsvTable implements Closeable {
    private static final CsvMapper MAPPER = new CsvMapper();

    private final String name;
    private final MappingIterator<String[]> values;
    private final List<String> header;
    private final Map<String, Integer> index;

    private CsvTable(String name, BufferedReader in) throws IOException {
        this.name = name;
        in.mark(1 << 16);
        String first = in.readLine();
        for (int n = 0; first != null && first.replace("\uFEFF", "").isBlank() && n < 100; n++) {
            first = in.readLine(); // leading blank lines: the header is the first line with text
        }
        in.reset();
        if (first == null || first.replace("\uFEFF", "").isBlank()) {
            in.close();
            throw new CsvFormatException(name + ":1: empty file, expected a header line");
        }
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator(first));
        this.values = MAPPER.readerFor(String[].class).with(schema).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(in);
        CsvRow head = readRow();
        if (head == null) {
            throw new CsvFormatException(name + ":1: empty file, expected a header line");
        }
        List<String> names = new ArrayList<>();
        for (String cell : head.cells()) {
            names.add(cell.replace("\uFEFF", "").trim());
        }
        this.header = Collections.unmodifiableList(names);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.putIfAbsent(names.get(i), i);
        }
        this.index = map;
    }

    /** Opens a file; problems name it by its file name. */
    public static CsvTable open(Path file) {
        return open(file, file.getFileName().toString());
    }

    /** Opens a file; problems name it {@code name} (e.g. its whole path). */
    public static CsvTable open(Path file, String name) {
        try {
            return new CsvTable(name, Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads text (an upload, a test); {@code name} stands for the file in problems. */
    public static CsvTable of(String name, String text) {
        return of(name, new StringReader(text));
    }

    public static CsvTable of(String name, Reader reader) {
        try {
            return new CsvTable(name, reader instanceof BufferedReader b ? b : new BufferedReader(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public List<String> header() {
        return header;
    }

    /** Position of a column in the header, or -1. */
    public int column(String column) {
        return index.getOrDefault(column, -1);
    }

    /** Fails the whole table (line 1) when a required column is absent. */
    public CsvTable require(List<String> columns) {
        List<String> missing = columns.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new CsvFormatException(name + ":1: missing column" + (missing.size() == 1 ? "" : "s") + " "
                    + String.join(", ", missing) + " (header: " + String.join(",", header) + ")");
        }
        return this;
    }

    /** The next row, or null at the end. A quote left open swallows the rest of the file: it ends the table. */
    public CsvRow next() {
        try {
            return readRow();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** Every remaining row (for small tables). */
    public List<CsvRow> rows() {
        List<CsvRow> rows = new ArrayList<>();
        for (CsvRow r = next(); r != null; r = next()) {
            rows.add(r);
        }
        return rows;
    }

    private CsvRow readRow() throws IOException {
        while (true) {
            int line = -1;
            String[] cells;
            try {
                if (!values.hasNextValue()) {
                    return null;
                }
                // The row's start token sits at the end of the line before it (the header reads -1).
                line = Math.max(1, values.getParser().currentTokenLocation().getLineNr() + 1);
                cells = values.nextValue();
            } catch (IOException e) {
                // A row that fails midway (an open quote runs to the end) is named by the line it starts on.
                throw new CsvFormatException(name + ":" + (line > 0 ? line : lineOf(e)) + ": " + reason(e));
            }
            if (cells.length == 0 || cells.length == 1 && (cells[0] == null || cells[0].isBlank())) {
                continue;
            }
            List<String> list = new ArrayList<>(cells.length);
            for (String c : cells) {
                list.add(c == null ? "" : c);
            }
            return new CsvRow(this, line, list);
        }
    }

    private int lineOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return j.getLocation().getLineNr();
        }
        return values.getCurrentLocation().getLineNr();
    }

    private static String reason(IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (m.contains("Missing closing quote")) {
            return "unclosed quote";
        }
        int cut = m.indexOf('\n');
        return cut > 0 ? m.substring(0, cut) : m;
    }

    private static char separator(String header) {
        int commas = count(header, ',');
        int semicolons = count(header, ';');
        int tabs = count(header, '\t');
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            values.close();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** The file's header or framing does not let it be read. */
    public static final class CsvFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public CsvFormatException(String message) {
            super(message);
        }
    }
}
