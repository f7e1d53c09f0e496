package io.voltrace.edge.dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CandumpFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decodes asserted by cantools' own tests (../shared/data/dbc-conformance, read in place), and every real DBC file
 * of the shared data parsed. Skipped with a notice when the shared data is absent.
 */
class DbcConformanceTest {

    @Test
    void expectedDecodesFromCantools() throws Exception {
        Path dir = SharedData.require("dbc-conformance");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(
                Files.readString(dir.resolve("expected_decodes.json"), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) json.get("cases");

        Map<String, DbcDatabase> databases = new HashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int ran = 0;
        int candumpLines = 0;
        for (Map<String, Object> c : cases) {
            String label = "case " + c.get("case") + " (" + c.get("dbc") + " " + c.get("message") + ")";
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) c.get("decode_options");
            if (Boolean.TRUE.equals(options.get("prune_choices_on_load"))) {
                skipped.add(label + ": prune_choices_on_load is a cantools loading option");
                continue;
            }
            DbcDatabase db = databases.get((String) c.get("dbc"));
            if (db == null) {
                db = DbcParser.parse(dir.resolve("dbc").resolve((String) c.get("dbc")));
                databases.put((String) c.get("dbc"), db);
            }
            ran++;
            int id = ((Long) c.get("frame_id")).intValue();
            boolean extended = (Boolean) c.get("is_extended_frame");
            DbcMessage m = db.message(id, extended);
            if (m == null) {
                failures.add(label + ": no message for id 0x" + Integer.toHexString(id) + " extended=" + extended);
                continue;
            }
            byte[] data = HexFormat.of().parseHex((String) c.get("data_hex"));
            check(label, m, c, data, options, failures);
            String line = (String) c.get("candump_line");
            if (line != null && !line.contains("...")) {
                // End to end: the frame as candump printed it decodes the same.
                candumpLines++;
                CanFrame frame = CandumpFormat.parseLine(line);
                if (frame.id() != id || !HexFormat.of().formatHex(frame.payload()).equals(c.get("data_hex"))) {
                    failures.add(label + ": candump line parsed to " + frame);
                } else {
                    check(label + " via candump", db.message(frame.id(), frame.extended()), c, frame.payload(),
                            options, failures);
                }
            }
        }
        System.out.printf("dbc conformance: ran %d of %d cantools decode cases (%d also from their candump line),"
                + " skipped %d: %s%n", ran, cases.size(), candumpLines, skipped.size(), skipped);
        assertThat(failures).as("failed cases").isEmpty();
        assertThat(ran).isGreaterThanOrEqualTo(44);
    }

    private static void check(String label, DbcMessage m, Map<String, Object> c, byte[] data,
                              Map<String, Object> options, List<String> failures) {
        boolean choices = Boolean.TRUE.equals(options.get("decode_choices"));
        boolean scaling = Boolean.TRUE.equals(options.get("scaling"));
        if (!m.name().equals(c.get("message"))) {
            failures.add(label + ": message is " + m.name());
        }
        if (m.length() != ((Long) c.get("dbc_length")).intValue()) {
            failures.add(label + ": length " + m.length() + ", cantools " + c.get("dbc_length"));
        }
        if (m.fd() != (Boolean) c.get("is_fd")) {
            failures.add(label + ": fd " + m.fd());
        }
        Map<String, Object> actual = new LinkedHashMap<>();
        m.decode(data, ((Long) c.get("data_len")).intValue(), (signal, index, raw, physical) -> {
            String text = choices ? signal.choice(raw) : null;
            if (text != null) {
                actual.put(signal.name(), text);
            } else if (!scaling || isPlainInteger(signal)) {
                // exact: cantools returns ints here, some beyond what a double holds
                actual.put(signal.name(), !signal.signed() && raw < 0
                        ? new BigInteger(Long.toUnsignedString(raw)) : BigInteger.valueOf(raw));
            } else {
                actual.put(signal.name(), physical);
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        if (!actual.keySet().equals(expected.keySet())) {
            failures.add(label + ": signals " + actual.keySet() + ", expected " + expected.keySet());
            return;
        }
        expected.forEach((name, want) -> {
            Object got = actual.get(name);
            if (!same(want, got)) {
                failures.add(label + ": " + name + " = " + got + ", expected " + want);
            }
        });
    }

    private static boolean isPlainInteger(DbcSignal s) {
        return s.valueType() == DbcSignal.ValueType.INTEGER && s.factor() == 1 && s.offset() == 0;
    }

    private static boolean same(Object want, Object got) {
        if (want instanceof String || got instanceof String) {
            return want.equals(got);
        }
        BigDecimal w = new BigDecimal(want.toString());
        BigDecimal g = got instanceof Double d ? new BigDecimal(d) : new BigDecimal(got.toString());
        BigDecimal tolerance = w.abs().multiply(new BigDecimal("1e-9")).max(new BigDecimal("1e-12"));
        return w.subtract(g).abs().compareTo(tolerance) <= 0;
    }

    /** Every DBC of the shared data: parses (with warnings at most), and random payloads decode without error. */
    @Test
    void everySharedDbcParsesAndDecodes() throws Exception {
        Path root = SharedData.require("dbc-conformance");
        List<Path> files = new ArrayList<>();
        for (Path dir : new Path[] {root, root.resolveSibling("vehicle-dbc")}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".dbc")).sorted()
                        .forEach(files::add);
            }
        }
        Random random = new Random(7);
        int messages = 0;
        int warnings = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            DbcDatabase db;
            try {
                db = DbcParser.parse(file);
            } catch (DbcParseException | IOException e) {
                failures.add(e.getMessage());
                continue;
            }
            warnings += db.warnings().size();
            for (DbcMessage m : db.messages()) {
                messages++;
                assertThat(db.message(m.id(), m.extended())).isSameAs(m);
                byte[] data = new byte[64];
                for (int i = 0; i < 20; i++) {
                    random.nextBytes(data);
                    int[] count = {0};
                    m.decode(data, random.nextInt(65), (s, index, raw, physical) -> count[0]++);
                    m.encode(new double[m.signals().size()], data);
                }
            }
        }
        System.out.printf("dbc conformance: parsed %d shared DBC files, %d messages, %d warnings%n",
                files.size() - failures.size(), messages, warnings);
        assertThat(failures).isEmpty();
        assertThat(files).hasSizeGreaterThanOrEqualTo(83);
    }
}
