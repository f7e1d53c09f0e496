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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            boolean prune = Boolean.TRUE.equals(options.get("prune_choices_on_load"));
            String key = c.get("dbc") + (prune ? " pruned" : "");
            DbcDatabase db = databases.get(key);
            if (db == null) {
                db = DbcParser.parse(dir.resolve("dbc").resolve((String) c.get("dbc")), new DbcParser.Options(prune));
                databases.put(key, db);
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
        assertThat(ran).isEqualTo(cases.size());
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

    /**
     * cantools writes {@code X_dumped.dbc} from {@code X.dbc}, sometimes spelling things differently (a cascaded
     * multiplexer as {@code M} plus {@code SG_MUL_VAL_}, other signal order): both must decode every payload alike.
     */
    @Test
    void filesRewrittenByCantoolsDecodeLikeTheirOriginals() throws Exception {
        Path dir = SharedData.require("dbc-conformance").resolve("dbc");
        List<Path> dumped;
        try (Stream<Path> list = Files.list(dir)) {
            dumped = list.filter(p -> p.getFileName().toString().endsWith("_dumped.dbc")).sorted().toList();
        }
        Random random = new Random(11);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Path copy : dumped) {
            Path original = dir.resolve(copy.getFileName().toString().replace("_dumped.dbc", ".dbc"));
            if (!Files.exists(original)) {
                continue;
            }
            DbcDatabase a = DbcParser.parse(original);
            DbcDatabase b = DbcParser.parse(copy);
            for (DbcMessage m : a.messages()) {
                DbcMessage other = b.message(m.id(), m.extended());
                if (other == null) {
                    failures.add(copy.getFileName() + ": no message " + m.name());
                    continue;
                }
                byte[] data = new byte[m.length()];
                for (int i = 0; i < 300; i++) {
                    random.nextBytes(data);
                    // Small multiplexer values, so that pages are actually selected.
                    data[0] &= (byte) (i % 2 == 0 ? 0x03 : 0xFF);
                    Map<String, Object> want = new HashMap<>(m.decodeToMap(data, data.length, true));
                    Map<String, Object> got = new HashMap<>(other.decodeToMap(data, data.length, true));
                    if (!want.equals(got)) {
                        failures.add(copy.getFileName() + " " + m.name() + " " + HexFormat.of().formatHex(data)
                                + ": " + got + ", original " + want);
                        break;
                    }
                    compared++;
                }
            }
        }
        System.out.printf("dbc conformance: %d cantools-rewritten files, %d payloads decoded alike%n", dumped.size(),
                compared);
        assertThat(failures).isEmpty();
        assertThat(dumped).hasSizeGreaterThanOrEqualTo(5);
    }

    private static final Pattern BATTERY_MESSAGE = Pattern.compile(
            "^BO_ 0x([0-9A-Fa-f]+)( \\(29-bit\\))? (\\S+) dlc=(\\d+) tx=.*$");
    private static final Pattern BATTERY_SIGNAL = Pattern.compile("^\\s+(\\S+)\\s+(?:(M|m\\d+M?)\\s+)?start=(\\d+)"
            + " len=(\\d+) (Intel/LE|Motorola/BE) (signed|unsigned) factor=(\\S+) offset=(\\S+) unit=\"(.*)\"$");

    /**
     * Every battery message listed in vehicle-dbc/BATTERY_SIGNALS.txt (extracted there by another tool) is found
     * with the same id, length and signal layouts, and each listed signal decodes when its page is selected.
     */
    @Test
    void batteryMessagesOfRealVehiclesDecode() throws Exception {
        Path root = SharedData.require("vehicle-dbc");
        List<String> lines = Files.readAllLines(root.resolve("BATTERY_SIGNALS.txt"), StandardCharsets.UTF_8);
        Map<String, DbcDatabase> databases = new HashMap<>();
        List<String> failures = new ArrayList<>();
        DbcDatabase db = null;
        DbcMessage message = null;
        String file = null;
        int messages = 0;
        int signals = 0;
        Random random = new Random(3);
        for (String line : lines) {
            if (line.startsWith("===== ")) {
                file = line.substring(6).trim();
                db = databases.get(file);
                if (db == null) {
                    db = DbcParser.parse(root.resolve(file));
                    databases.put(file, db);
                }
                message = null;
                continue;
            }
            Matcher bo = BATTERY_MESSAGE.matcher(line);
            if (bo.matches()) {
                int id = Integer.parseInt(bo.group(1), 16);
                boolean extended = bo.group(2) != null;
                message = db.message(id, extended);
                messages++;
                if (message == null) {
                    failures.add(file + ": no message 0x" + bo.group(1) + (extended ? " (extended)" : ""));
                } else if (!message.name().equals(bo.group(3))
                        || message.length() != Integer.parseInt(bo.group(4))) {
                    failures.add(file + ": " + message + ", listed as " + line);
                } else {
                    // Random payloads: every signal outside multiplex pages comes out.
                    byte[] data = new byte[message.length()];
                    random.nextBytes(data);
                    Map<String, Object> decoded = message.decodeToMap(data, data.length, false);
                    for (DbcSignal s : message.signals()) {
                        if (!s.isMultiplexed() && !decoded.containsKey(s.name())) {
                            failures.add(file + ": " + message.name() + "." + s.name() + " not decoded");
                        }
                    }
                }
                continue;
            }
            Matcher sg = BATTERY_SIGNAL.matcher(line);
            if (sg.matches() && message != null) {
                signals++;
                String where = file + ": " + message.name() + "." + sg.group(1);
                DbcSignal s = message.signal(sg.group(1));
                if (s == null) {
                    failures.add(where + ": missing");
                    continue;
                }
                String mux = sg.group(2) == null ? "" : sg.group(2);
                boolean same = s.startBit() == Integer.parseInt(sg.group(3))
                        && s.length() == Integer.parseInt(sg.group(4))
                        && (s.byteOrder() == DbcSignal.ByteOrder.INTEL) == sg.group(5).startsWith("Intel")
                        && s.signed() == sg.group(6).equals("signed")
                        && close(s.factor(), Double.parseDouble(sg.group(7)))
                        && close(s.offset(), Double.parseDouble(sg.group(8)))
                        && s.unit().equals(sg.group(9))
                        && (mux.equals("M") == (s.multiplexer() && !s.isMultiplexed()))
                        && (!mux.startsWith("m") || java.util.Objects.equals(s.multiplexerValue(), Long.valueOf(
                                mux.substring(1).replace("M", ""))));
                if (!same) {
                    failures.add(where + ": parsed as " + s + ", listed as " + line.trim());
                    continue;
                }
                if (!decodesWhenSelected(message, s)) {
                    failures.add(where + ": not decoded when its page is selected");
                }
            }
        }
        System.out.printf("dbc conformance: %d listed battery messages, %d signals of real vehicles checked%n",
                messages, signals);
        assertThat(failures).isEmpty();
        assertThat(messages).isGreaterThanOrEqualTo(71);
    }

    /** Encodes a frame whose multiplexers (along the chain) select the signal, then decodes it. */
    private static boolean decodesWhenSelected(DbcMessage m, DbcSignal s) {
        Map<String, Double> values = new HashMap<>();
        for (DbcSignal k = s; k.isMultiplexed(); ) {
            DbcSignal selector = m.signal(k.multiplexerSignal());
            if (selector == null) {
                return false;
            }
            long page = k.multiplexerRanges().get(0).from();
            values.put(selector.name(), page * selector.factor() + selector.offset());
            k = selector;
        }
        byte[] frame = m.encode(values);
        return m.decodeToMap(frame, frame.length, false).containsKey(s.name());
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    }
}
