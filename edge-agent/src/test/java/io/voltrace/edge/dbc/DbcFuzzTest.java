package io.voltrace.edge.dbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Randomised inputs with fixed seeds. The parser, fed mutated real and generated DBC text, may only fail with a
 * {@link DbcParseException} naming the source and a line; decoding and encoding, fed random payloads and values for
 * every message of every DBC that loads, never throw. Each case is bounded (inputs are cut to a few hundred lines)
 * and each test stops early, with a printed notice, if the machine is too slow to finish in its time budget.
 */
class DbcFuzzTest {

    private static final int PARSER_CASES = 4_000;
    private static final int FRAMES_PER_MESSAGE = 40;
    private static final long TIME_BUDGET_NANOS = 90_000_000_000L;
    private static final int MAX_LINES = 400;

    private static final Pattern ERROR_MESSAGE = Pattern.compile("^fuzz\\.dbc:(\\d+): \\S.*", Pattern.DOTALL);

    private static final String[] TOKENS = {"BO_", "SG_", "VAL_", "CM_", "BA_", "BA_DEF_", "BA_DEF_DEF_",
        "SG_MUL_VAL_", "SIG_GROUP_", "SIG_VALTYPE_", "BU_", "BS_", "NS_", "EV_", "VAL_TABLE_", "BO_TX_BU_", ":", ";",
        "|", "@", "(", ")", "[", "]", ",", "\"", "-", "+", "M", "m0M", "m99999999999999999999", "0x", "1e999",
        "-1", "4294967295", "4294967296", "18446744073709551616", "NaN", "2147483648", "\\", "\n", "\r", "\t",
        "\u0000", "\uFFFD", "Vector__XXX", "0|0@1+", "64|64@0-", "511|1@1+", "\"\"", "1-", "9-8,"};

    /** Real files (when the shared data is there), the project's own DBC and generated ones. */
    private static List<Corpus> corpus() throws IOException {
        List<Corpus> out = new ArrayList<>();
        try (InputStream in = DbcFuzzTest.class.getResourceAsStream("/dbc/voltrace-bms.dbc")) {
            out.add(new Corpus("voltrace-bms.dbc", in.readAllBytes()));
        }
        Path root = SharedData.root();
        for (Path dir : new Path[] {root.resolve("dbc-conformance"), root.resolve("vehicle-dbc")}) {
            if (!Files.isDirectory(dir)) {
                System.out.println("fuzz: shared data not found at " + dir + ", fuzzing without it");
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(p -> p.toString().toLowerCase().endsWith(".dbc")).sorted().toList()) {
                    out.add(new Corpus(p.getFileName().toString(), Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private record Corpus(String name, byte[] bytes) {
    }

    @Test
    void mutatedDbcTextFailsOnlyWithParseExceptionsNamingTheLine() throws Exception {
        List<Corpus> corpus = corpus();
        Random random = new Random(20_251_101L);
        long deadline = System.nanoTime() + TIME_BUDGET_NANOS;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (; cases < PARSER_CASES && System.nanoTime() < deadline; cases++) {
            long seed = random.nextLong();
            Random r = new Random(seed);
            byte[] input = r.nextInt(4) == 0
                    ? RandomDbc.generate(r).getBytes(StandardCharsets.UTF_8)
                    : window(corpus.get(r.nextInt(corpus.size())).bytes(), r);
            int mutations = r.nextInt(5);
            for (int k = 0; k < mutations; k++) {
                input = mutate(input, r);
            }
            String outcome = parseAndDecode(input, r, failures, seed);
            outcomes.merge(outcome, 1, Integer::sum);
            if (failures.size() >= 10) {
                break;
            }
        }
        if (cases < PARSER_CASES && failures.isEmpty()) {
            System.out.println("fuzz: time budget used up after " + cases + " parser cases");
        }
        System.out.printf("fuzz: %d mutated DBC inputs from %d files and generated ones: %s%n", cases,
                corpus.size(), outcomes);
        assertThat(failures).isEmpty();
        assertThat(outcomes.getOrDefault("parsed", 0)).as("some inputs still parse").isPositive();
        assertThat(outcomes.getOrDefault("DbcParseException", 0)).as("some inputs are rejected").isPositive();
    }

    /** Parses; on success decodes random frames with every message. Returns the outcome's name. */
    private static String parseAndDecode(byte[] input, Random r, List<String> failures, long seed) {
        DbcDatabase db;
        try {
            db = DbcParser.parse("fuzz.dbc", input, DbcParser.Options.DEFAULT);
        } catch (DbcParseException e) {
            var m = ERROR_MESSAGE.matcher(e.getMessage());
            int lines = 1 + (int) new String(input, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
            if (!m.matches() || e.line() < 1 || e.line() > lines + 1 || !e.file().equals("fuzz.dbc")
                    || e.reason().isBlank()) {
                failures.add("seed " + seed + ": badly formed error '" + e.getMessage() + "'");
            }
            return "DbcParseException";
        } catch (RuntimeException | Error e) {
            failures.add("seed " + seed + ": " + stackTrace(e));
            return e.getClass().getSimpleName();
        }
        try {
            for (DbcMessage m : db.messages()) {
                decodeRandomFrames(m, r, 3);
            }
        } catch (RuntimeException e) {
            failures.add("seed " + seed + " (decoding): " + stackTrace(e));
            return "decode " + e.getClass().getSimpleName();
        }
        return "parsed";
    }

    /** Every message of every DBC that loads: random payloads of every length 0..64, and random values. */
    @Test
    void randomFramesNeverMakeDecodingThrow() throws Exception {
        Random random = new Random(64);
        long deadline = System.nanoTime() + TIME_BUDGET_NANOS;
        int files = 0;
        long frames = 0;
        List<String> failures = new ArrayList<>();
        List<byte[]> inputs = new ArrayList<>();
        for (Corpus c : corpus()) {
            inputs.add(c.bytes());
        }
        for (int g = 0; g < 200; g++) {
            inputs.add(RandomDbc.generate(new Random(g)).getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] input : inputs) {
            if (System.nanoTime() > deadline) {
                System.out.println("fuzz: time budget used up after " + files + " DBC files");
                break;
            }
            DbcDatabase db;
            try {
                db = DbcParser.parse("fuzz.dbc", input, DbcParser.Options.DEFAULT);
            } catch (DbcParseException e) {
                continue;
            }
            files++;
            for (DbcMessage m : db.messages()) {
                try {
                    frames += decodeRandomFrames(m, random, FRAMES_PER_MESSAGE);
                } catch (RuntimeException e) {
                    failures.add(m + ": " + stackTrace(e));
                }
            }
        }
        System.out.printf("fuzz: %d random frames decoded over %d DBC files%n", frames, files);
        assertThat(failures).isEmpty();
        assertThat(frames).isGreaterThan(10_000);
    }

    private static final double[] ODD_VALUES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0x1p63, 0x1p64, -0x1p63, 1e300, -0.0};

    /** Decodes {@code count} random payloads (lengths 0..64, exact or oversized arrays) and encodes random values. */
    private static long decodeRandomFrames(DbcMessage m, Random r, int count) {
        long[] sink = {0};
        SignalSink consume = (signal, index, raw, physical) -> sink[0] += raw ^ Double.doubleToRawLongBits(physical);
        for (int i = 0; i < count; i++) {
            int length = i < 3 ? new int[] {0, m.length(), 64}[i] : r.nextInt(65);
            byte[] data = new byte[r.nextBoolean() ? length : 64];
            if (r.nextInt(4) == 0) {
                Arrays.fill(data, (byte) (r.nextBoolean() ? 0xFF : 0));
            } else {
                r.nextBytes(data);
            }
            m.decode(data, length, consume);
            m.decodeToMap(data, length, true);
            double[] values = new double[m.signals().size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = r.nextInt(4) == 0 ? ODD_VALUES[r.nextInt(ODD_VALUES.length)]
                        : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12));
            }
            byte[] out = new byte[Math.max(m.length(), r.nextInt(65))];
            m.encode(values, out);
        }
        return count;
    }

    /** A random run of at most {@value #MAX_LINES} lines: big files are fuzzed piece by piece. */
    private static byte[] window(byte[] file, Random r) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n' && i + 1 < file.length) {
                starts.add(i + 1);
            }
        }
        if (starts.size() <= MAX_LINES) {
            return file;
        }
        int first = r.nextInt(4) == 0 ? 0 : r.nextInt(starts.size() - MAX_LINES);
        int end = first + MAX_LINES < starts.size() ? starts.get(first + MAX_LINES) : file.length;
        return Arrays.copyOfRange(file, starts.get(first), end);
    }

    private static byte[] mutate(byte[] in, Random r) {
        if (in.length == 0) {
            return TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(8)) {
            case 0: { // delete a token (run of non-blank bytes)
                int[] span = token(in, at);
                return splice(in, span[0], span[1], new byte[0]);
            }
            case 1: { // duplicate a token
                int[] span = token(in, at);
                byte[] t = Arrays.copyOfRange(in, span[0], span[1]);
                byte[] twice = new byte[t.length * 2 + 1];
                System.arraycopy(t, 0, twice, 0, t.length);
                twice[t.length] = ' ';
                System.arraycopy(t, 0, twice, t.length + 1, t.length);
                return splice(in, span[0], span[1], twice);
            }
            case 2: { // random bytes, any value
                byte[] noise = new byte[1 + r.nextInt(8)];
                r.nextBytes(noise);
                return splice(in, at, at, noise);
            }
            case 3: { // truncate the line here
                int end = at;
                while (end < in.length && in[end] != '\n') {
                    end++;
                }
                return splice(in, at, end, new byte[0]);
            }
            case 4: { // replace a token by a grammar token or an extreme number
                int[] span = token(in, at);
                return splice(in, span[0], span[1],
                        TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 5: { // duplicate or drop a whole line
                int start = at;
                while (start > 0 && in[start - 1] != '\n') {
                    start--;
                }
                int end = at;
                while (end < in.length && in[end] != '\n') {
                    end++;
                }
                end = Math.min(in.length, end + 1);
                return r.nextBoolean() ? splice(in, start, end, new byte[0])
                        : splice(in, start, start, Arrays.copyOfRange(in, start, end));
            }
            case 6: // cut the file short
                return Arrays.copyOf(in, at);
            default: { // flip one bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
        }
    }

    private static int[] token(byte[] in, int at) {
        int start = at;
        while (start > 0 && !blank(in[start - 1])) {
            start--;
        }
        int end = at;
        while (end < in.length && !blank(in[end])) {
            end++;
        }
        return new int[] {start, end};
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
