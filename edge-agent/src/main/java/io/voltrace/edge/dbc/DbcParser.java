package io.voltrace.edge.dbc;

import io.voltrace.edge.dbc.DbcTokenizer.Kind;
import io.voltrace.edge.dbc.DbcTokenizer.Token;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads DBC files. What decoding depends on ({@code BO_}, {@code SG_}, {@code VAL_}, {@code SIG_VALTYPE_},
 * {@code SG_MUL_VAL_}) must be well formed or parsing fails with a {@link DbcParseException} naming file and line.
 * What it does not depend on (comments, attributes, signal groups, sections this parser does not know) is skipped
 * with a warning when malformed, because real files are full of such quirks; see {@link DbcDatabase#warnings()}.
 *
 * <p>Kept besides messages and signals: {@code SIG_GROUP_} groups, {@code BA_DEF_}/{@code BA_DEF_DEF_} definitions
 * and {@code BA_} values of the database, nodes, messages and signals, {@code CM_} of nodes. Long names
 * ({@code SystemMessageLongSymbol}, {@code SystemSignalLongSymbol}, {@code SystemNodeLongSymbol}) replace the short
 * names, as cantools does. {@code VFrameFormat} (by enum text or Vector's index) sets extended and FD. Extended
 * multiplexing: {@code SG_MUL_VAL_} names the switch and value ranges of each signal, switches may be cascaded
 * ({@code mNM}), and a signal is decoded only when its whole chain of multiplexers selects it.
 */
public final class DbcParser {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Statement keywords: a line starting with one of these ends a statement whose {@code ;} is missing. */
    private static final Set<String> KEYWORDS = Set.of(
            "VERSION", "NS_", "BS_", "BU_", "BO_", "SG_", "CM_", "BA_DEF_", "BA_DEF_DEF_", "BA_", "VAL_",
            "VAL_TABLE_", "SIG_VALTYPE_", "BO_TX_BU_", "EV_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_",
            "BA_DEF_SGTYPE_", "BA_SGTYPE_", "SIG_TYPE_REF_", "SIG_GROUP_", "SIGTYPE_VALTYPE_", "BA_DEF_REL_",
            "BA_REL_", "BA_DEF_DEF_REL_", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_", "SG_MUL_VAL_", "CAT_DEF_",
            "CAT_", "FILTER", "EV_DATA_");

    private static final String NO_NODE = "Vector__XXX";

    /**
     * How to load.
     *
     * @param pruneChoices shorten {@code VAL_} texts as cantools' {@code prune_choices} does: drop the longest common
     *                     prefix ending in {@code _} that leaves valid identifiers (e.g. {@code MUX_A}, {@code MUX_B}
     *                     become {@code A}, {@code B}); a single text keeps its last letters-only {@code _} segment
     */
    public record Options(boolean pruneChoices) {
        public static final Options DEFAULT = new Options(false);
    }

    private DbcParser() {
    }

    /** Parses a file read as UTF-8, or as Windows-1252 when its bytes are not valid UTF-8. */
    public static DbcDatabase parse(Path file) throws IOException, DbcParseException {
        return parse(file, Options.DEFAULT);
    }

    /** As {@link #parse(Path)}, with options. */
    public static DbcDatabase parse(Path file, Options options) throws IOException, DbcParseException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return parse(name, Files.readAllBytes(file), options);
    }

    /**
     * Parses the bytes of a DBC file: UTF-8, or Windows-1252 when they are not valid UTF-8 (with a warning).
     * {@code sourceName} is used in messages and warnings.
     */
    public static DbcDatabase parse(String sourceName, byte[] bytes, Options options) throws DbcParseException {
        String name = sourceName;
        List<Warning> warnings = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, out, true);
        String text;
        if (result.isError()) {
            int badLine = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    badLine++;
                }
            }
            warnings.add(new Warning(badLine, "not valid UTF-8 here, file read as Windows-1252"));
            text = new String(bytes, WINDOWS_1252);
        } else {
            utf8.flush(out);
            text = out.flip().toString();
        }
        return new Session(name, text, warnings, options).run();
    }

    /** Parses already decoded text; {@code sourceName} is used in messages and warnings. */
    public static DbcDatabase parse(String sourceName, Reader reader) throws IOException, DbcParseException {
        return parse(sourceName, reader, Options.DEFAULT);
    }

    /** As {@link #parse(String, Reader)}, with options. */
    public static DbcDatabase parse(String sourceName, Reader reader, Options options)
            throws IOException, DbcParseException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = reader.read(buf)) >= 0) {
            sb.append(buf, 0, n);
        }
        return new Session(sourceName, sb.toString(), new ArrayList<>(), options).run();
    }

    private record Warning(int line, String text) {
    }

    private record AttributeDef(String objectType, String type, Double minimum, Double maximum,
                                List<String> enumValues) {
    }

    private record GroupBuilder(int line, String name, int repetitions, List<String> signalNames) {
    }

    /** Attribute names of the long-name convention, compared without case and underscores. */
    private static final String LONG_MESSAGE_NAME = "systemmessagelongsymbol";
    private static final String LONG_SIGNAL_NAME = "systemsignallongsymbol";
    private static final String LONG_NODE_NAME = "systemnodelongsymbol";

    private static final class MessageBuilder {
        final int line;
        final long rawId;
        final String name;
        final int length;
        final List<String> senders = new ArrayList<>();
        final List<SignalBuilder> signals = new ArrayList<>();
        final Map<String, Object> attributes = new LinkedHashMap<>();
        final List<GroupBuilder> groups = new ArrayList<>();
        String comment;
        boolean discarded;

        MessageBuilder(int line, long rawId, String name, int length) {
            this.line = line;
            this.rawId = rawId;
            this.name = name;
            this.length = length;
        }

        SignalBuilder signal(String name) {
            for (SignalBuilder s : signals) {
                if (s.name.equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    private static final class SignalBuilder {
        int line;
        String name;
        int startBit;
        int length;
        DbcSignal.ByteOrder byteOrder;
        boolean signed;
        double factor;
        double offset;
        double minimum;
        double maximum;
        String unit;
        final List<String> receivers = new ArrayList<>();
        boolean multiplexer;
        Long multiplexerValue;
        Map<Long, String> choices = Map.of();
        DbcSignal.ValueType valueType = DbcSignal.ValueType.INTEGER;
        int valueTypeLine;
        String comment;
        List<DbcSignal.MultiplexRange> multiplexRanges;
        String multiplexSwitch;
        int multiplexRangesLine;
        final Map<String, Object> attributes = new LinkedHashMap<>();
        /** Final name: the long name when one is given. */
        String finalName;
    }

    @FunctionalInterface
    private interface Statement {
        void parse() throws DbcParseException;
    }

    /** State of one parse. */
    private static final class Session {
        private final String source;
        private final String text;
        private final List<Warning> warnings;
        private List<Token> tokens;
        private int pos;

        private String version = "";
        private final List<String> nodes = new ArrayList<>();
        private String comment;
        private final List<MessageBuilder> messages = new ArrayList<>();
        private final Map<Long, MessageBuilder> byRawId = new HashMap<>();
        private MessageBuilder current;
        private final Map<String, Map<Long, String>> valueTables = new LinkedHashMap<>();
        private final Map<String, AttributeDef> attributeDefs = new HashMap<>();
        private final Map<String, Object> attributeDefaults = new LinkedHashMap<>();
        private final Map<String, Object> databaseAttributes = new LinkedHashMap<>();
        /** Unsupported keyword to {first line, count}: one warning each, not one per statement. */
        private final Map<String, int[]> unsupported = new LinkedHashMap<>();
        private final Map<String, String> nodeComments = new HashMap<>();
        private final Map<String, Map<String, Object>> nodeAttributes = new HashMap<>();
        private final Options options;
        private boolean sawBs;
        private boolean sawBu;

        Session(String source, String text, List<Warning> warnings, Options options) {
            this.source = source;
            this.text = text;
            this.warnings = warnings;
            this.options = options == null ? Options.DEFAULT : options;
        }

        DbcDatabase run() throws DbcParseException {
            tokens = DbcTokenizer.tokenize(source, text);
            while (peek().kind() != Kind.EOF) {
                statement(next());
            }
            return build();
        }

        private void statement(Token t) throws DbcParseException {
            if (t.kind() != Kind.IDENT) {
                warn(t.line(), "unexpected " + t.show() + ", rest of line skipped");
                skipLine(t);
                return;
            }
            switch (t.text()) {
                case "VERSION" -> lenient(this::version);
                case "NS_" -> newSymbols(t);
                case "BS_" -> {
                    sawBs = true;
                    skipLine(t);
                }
                case "BU_" -> nodes(t);
                case "BO_" -> message(t);
                case "SG_" -> signal(t);
                case "CM_" -> lenient(this::comment);
                case "BA_DEF_" -> lenient(this::attributeDefinition);
                case "BA_DEF_DEF_" -> lenient(this::attributeDefault);
                case "BA_" -> lenient(this::attribute);
                case "VAL_" -> valueDescriptions(t);
                case "VAL_TABLE_" -> lenient(this::valueTable);
                case "SIG_VALTYPE_" -> signalValueType();
                case "BO_TX_BU_" -> lenient(this::transmitters);
                case "SG_MUL_VAL_" -> multiplexValues(t);
                case "SIG_GROUP_" -> lenient(this::signalGroup);
                default -> {
                    unsupported.computeIfAbsent(t.text(), k -> new int[] {t.line(), 0})[1]++;
                    skipStatement();
                }
            }
        }

        // ---- sections -------------------------------------------------------------------------------------

        private void version() throws DbcParseException {
            version = expect(Kind.STRING, "VERSION text").text();
        }

        /** {@code NS_ :} then the symbol names, which are indented by convention; no terminator. */
        private void newSymbols(Token ns) {
            if (peek().is(":")) {
                next();
            }
            while (peek().kind() == Kind.IDENT
                    && (peek().line() == ns.line() || peek().column() > 0 || aloneOnItsLine(pos))) {
                next();
            }
        }

        /**
         * {@code BU_: A B C}. Long node lists go on over the next lines: names continue until a line starts a new
         * statement or holds something that is not a name.
         */
        private void nodes(Token bu) {
            sawBu = true;
            if (peek().is(":")) {
                next();
            }
            int line = bu.line();
            while (peek().kind() != Kind.EOF && !isStatementStart(peek())) {
                Token t = peek();
                if (t.line() != line) {
                    if (t.kind() != Kind.IDENT) {
                        break;
                    }
                    line = t.line();
                }
                next();
                if (t.kind() == Kind.IDENT) {
                    if (!nodes.contains(t.text())) {
                        nodes.add(t.text());
                    }
                } else if (!t.is(",")) {
                    warn(t.line(), "BU_: unexpected " + t.show() + " ignored");
                }
            }
        }

        private void message(Token bo) throws DbcParseException {
            Token idToken = expect(Kind.NUMBER, "BO_ message id");
            long rawId = parseLong(idToken, "BO_ message id");
            if (rawId < 0 || rawId > 0xFFFF_FFFFL) {
                throw error(idToken, "BO_ id " + rawId + " out of range 0..4294967295");
            }
            String name = expect(Kind.IDENT, "BO_ message name").text();
            expectPunct(":", "after BO_ message name");
            Token lengthToken = expect(Kind.NUMBER, "BO_ length");
            long length = parseLong(lengthToken, "BO_ length");
            if (length < 0 || length > DbcSignal.MAX_PAYLOAD_BYTES) {
                throw error(lengthToken, "BO_ length " + length + " out of range 0..64");
            }
            MessageBuilder mb = new MessageBuilder(bo.line(), rawId, name, (int) length);
            if (onLine(bo) && peek().kind() == Kind.IDENT) {
                String sender = next().text();
                if (!sender.equals(NO_NODE)) {
                    mb.senders.add(sender);
                }
            }
            if (onLine(bo)) {
                warn(bo.line(), "BO_ " + name + ": unexpected " + peek().show() + " and the rest of the line ignored");
                skipLine(bo);
            }
            long id = rawId & 0x7FFF_FFFFL;
            if (id > 0x1FFF_FFFFL) {
                // Vector's VECTOR__INDEPENDENT_SIG_MSG (0xC0000000) holds unplaced signals, not a frame.
                warn(bo.line(), "BO_ " + name + ": id 0x" + Long.toHexString(rawId)
                        + " is not a CAN id, message skipped");
                mb.discarded = true;
            }
            if (byRawId.putIfAbsent(rawId, mb) != null) {
                warn(bo.line(), "BO_ " + name + ": id " + rawId + " already defined, this definition skipped");
                mb.discarded = true;
            } else {
                messages.add(mb);
            }
            current = mb;
        }

        private void signal(Token sg) throws DbcParseException {
            if (current == null) {
                throw error(sg, "SG_ outside of a BO_ message");
            }
            SignalBuilder s = new SignalBuilder();
            s.line = sg.line();
            s.name = expect(Kind.IDENT, "SG_ signal name").text();
            if (peek().kind() == Kind.IDENT) {
                multiplexIndicator(s, next());
            }
            expectPunct(":", "after SG_ signal name");
            Token start = expect(Kind.NUMBER, "SG_ start bit");
            s.startBit = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, parseLong(start, "SG_ start bit")));
            if (s.startBit < 0 || s.startBit >= DbcSignal.MAX_PAYLOAD_BYTES * 8) {
                throw error(start, "SG_ start bit " + start.text() + " out of range 0..511");
            }
            expectPunct("|", "after SG_ start bit");
            Token len = expect(Kind.NUMBER, "SG_ length");
            long length = parseLong(len, "SG_ length");
            if (length < 1 || length > 64) {
                throw error(len, "SG_ length " + length + " out of range 1..64");
            }
            s.length = (int) length;
            expectPunct("@", "after SG_ length");
            Token order = expect(Kind.NUMBER, "SG_ byte order");
            if (order.is("1")) {
                s.byteOrder = DbcSignal.ByteOrder.INTEL;
            } else if (order.is("0")) {
                s.byteOrder = DbcSignal.ByteOrder.MOTOROLA;
            } else {
                throw error(order, "SG_ byte order must be @0 or @1, found @" + order.text());
            }
            Token sign = next();
            if (sign.is("+") || sign.is("-")) {
                s.signed = sign.is("-");
            } else {
                throw error(sign, "SG_ expected + or - after @" + order.text() + ", found " + sign.show());
            }
            expectPunct("(", "before SG_ factor");
            s.factor = parseDouble(expect(Kind.NUMBER, "SG_ factor"), "SG_ factor");
            expectPunct(",", "after SG_ factor");
            s.offset = parseDouble(expect(Kind.NUMBER, "SG_ offset"), "SG_ offset");
            expectPunct(")", "after SG_ offset");
            expectPunct("[", "before SG_ minimum");
            s.minimum = parseDouble(expect(Kind.NUMBER, "SG_ minimum"), "SG_ minimum");
            expectPunct("|", "after SG_ minimum");
            s.maximum = parseDouble(expect(Kind.NUMBER, "SG_ maximum"), "SG_ maximum");
            expectPunct("]", "after SG_ maximum");
            s.unit = expect(Kind.STRING, "SG_ unit").text();
            while (onLine(sg)) {
                Token r = next();
                if (r.kind() == Kind.IDENT) {
                    if (!r.text().equals(NO_NODE)) {
                        s.receivers.add(r.text());
                    }
                } else if (!r.is(",")) {
                    warn(r.line(), "SG_ " + s.name + ": unexpected " + r.show() + " among receivers ignored");
                }
            }
            if (s.factor == 0) {
                warn(sg.line(), "SG_ " + s.name + ": factor 0, physical value is always the offset");
            }
            if (current.signal(s.name) != null) {
                warn(sg.line(), "SG_ " + s.name + ": duplicate signal in " + current.name + ", skipped");
                return;
            }
            current.signals.add(s);
        }

        /** {@code M} multiplexer, {@code mN} page N, {@code mNM} page N and itself a multiplexer (extended). */
        private void multiplexIndicator(SignalBuilder s, Token t) throws DbcParseException {
            String x = t.text();
            if (x.equals("M")) {
                s.multiplexer = true;
                return;
            }
            int end = x.length();
            boolean alsoMultiplexer = false;
            if (end > 2 && x.charAt(end - 1) == 'M') {
                alsoMultiplexer = true;
                end--;
            }
            if (x.charAt(0) == 'm' && end > 1 && x.substring(1, end).chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    s.multiplexerValue = Long.parseLong(x.substring(1, end));
                    s.multiplexer = alsoMultiplexer;
                    return;
                } catch (NumberFormatException tooBig) {
                    // reported below
                }
            }
            throw error(t, "SG_ " + s.name + ": bad multiplexer indicator '" + x + "' (expected M, mN or mNM)");
        }

        private void comment() throws DbcParseException {
            Token t = peek();
            if (t.kind() == Kind.STRING) {
                String text = next().text();
                comment = comment == null ? text : comment + "\n" + text;
            } else if (t.is("BU_")) {
                next();
                String node = expect(Kind.IDENT, "CM_ BU_ name").text();
                nodeComments.put(node, expect(Kind.STRING, "CM_ text").text());
            } else if (t.is("EV_")) {
                next();
                expect(Kind.IDENT, "CM_ EV_ name");
                expect(Kind.STRING, "CM_ text");
            } else if (t.is("BO_")) {
                next();
                MessageBuilder m = messageRef(expect(Kind.NUMBER, "CM_ BO_ message id"));
                String text = expect(Kind.STRING, "CM_ text").text();
                if (m != null) {
                    m.comment = text;
                }
            } else if (t.is("SG_")) {
                next();
                Token idToken = expect(Kind.NUMBER, "CM_ SG_ message id");
                Token signalName = expect(Kind.IDENT, "CM_ SG_ signal name");
                String text = expect(Kind.STRING, "CM_ text").text();
                SignalBuilder s = signalRef(idToken, signalName);
                if (s != null) {
                    s.comment = text;
                }
            } else {
                throw error(t, "CM_ without an object type (BU_, BO_, SG_, EV_) or text: " + t.show());
            }
            endStatement("CM_");
        }

        private void attributeDefinition() throws DbcParseException {
            String objectType = "";
            Token t = peek();
            if (t.is("BU_") || t.is("BO_") || t.is("SG_") || t.is("EV_")) {
                objectType = next().text();
            }
            String name = expect(Kind.STRING, "BA_DEF_ attribute name").text();
            String type = expect(Kind.IDENT, "BA_DEF_ value type").text();
            List<String> enumValues = new ArrayList<>();
            Double minimum = null;
            Double maximum = null;
            switch (type) {
                case "INT", "HEX", "FLOAT" -> {
                    List<Double> bounds = new ArrayList<>();
                    while (peek().kind() == Kind.NUMBER) {
                        bounds.add(parseDouble(next(), "BA_DEF_ " + name + " bound"));
                    }
                    if (bounds.size() == 2) {
                        minimum = bounds.get(0);
                        maximum = bounds.get(1);
                    }
                }
                case "STRING" -> {
                    // no parameters
                }
                case "ENUM" -> {
                    while (peek().kind() == Kind.STRING || peek().is(",")) {
                        Token v = next();
                        if (v.kind() == Kind.STRING) {
                            enumValues.add(v.text());
                        }
                    }
                }
                default -> throw error(t, "BA_DEF_ " + name + ": unknown value type " + type);
            }
            attributeDefs.put(name, new AttributeDef(objectType, type, minimum, maximum, List.copyOf(enumValues)));
            endStatement("BA_DEF_");
        }

        private void attributeDefault() throws DbcParseException {
            String name = expect(Kind.STRING, "BA_DEF_DEF_ attribute name").text();
            attributeDefaults.put(name, attributeValue(name, next()));
            endStatement("BA_DEF_DEF_");
        }

        private void attribute() throws DbcParseException {
            Token nameToken = expect(Kind.STRING, "BA_ attribute name");
            String name = nameToken.text();
            Token t = peek();
            if (t.is("BU_")) {
                next();
                Token node = expect(Kind.IDENT, "BA_ BU_ name");
                Object value = attributeValue(name, next());
                if (nodes.contains(node.text()) || !sawBu) {
                    nodeAttributes.computeIfAbsent(node.text(), k -> new LinkedHashMap<>()).put(name, value);
                } else {
                    warn(node.line(), "BA_ " + name + ": no node " + node.text() + " in BU_, attribute ignored");
                }
            } else if (t.is("EV_")) {
                next();
                expect(Kind.IDENT, "BA_ EV_ name");
                attributeValue(name, next());
            } else if (t.is("BO_")) {
                next();
                MessageBuilder m = messageRef(expect(Kind.NUMBER, "BA_ BO_ message id"));
                Object value = attributeValue(name, next());
                if (m != null) {
                    m.attributes.put(name, value);
                }
            } else if (t.is("SG_")) {
                next();
                Token idToken = expect(Kind.NUMBER, "BA_ SG_ message id");
                Token signalName = expect(Kind.IDENT, "BA_ SG_ signal name");
                Object value = attributeValue(name, next());
                SignalBuilder s = signalRef(idToken, signalName);
                if (s != null) {
                    s.attributes.put(name, value);
                }
            } else {
                databaseAttributes.put(name, attributeValue(name, next()));
            }
            endStatement("BA_");
        }

        /** INT/HEX as Long, FLOAT as Double, STRING and ENUM (by index or text) as String. */
        private Object attributeValue(String name, Token v) throws DbcParseException {
            if (v.kind() != Kind.NUMBER && v.kind() != Kind.STRING) {
                throw error(v, "attribute " + name + ": expected a number or a string, found " + v.show());
            }
            AttributeDef def = attributeDefs.get(name);
            if (v.kind() == Kind.STRING) {
                return v.text();
            }
            if (def != null && def.type().equals("ENUM")) {
                long index = parseLong(v, "enum index of " + name);
                if (index >= 0 && index < def.enumValues().size()) {
                    return def.enumValues().get((int) index);
                }
                warn(v.line(), "attribute " + name + ": enum index " + index + " out of range, kept as number");
                return index;
            }
            if (def != null && def.type().equals("FLOAT")) {
                return parseDouble(v, "value of " + name);
            }
            if (def != null && def.type().equals("STRING")) {
                return v.text();
            }
            double d = parseDouble(v, "value of " + name);
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
        }

        private void valueDescriptions(Token val) throws DbcParseException {
            if (peek().kind() == Kind.IDENT) {
                // VAL_ of an environment variable: checked, then dropped, as decoding frames never needs it.
                next();
                choiceList("VAL_");
                endStatement("VAL_");
                return;
            }
            Token idToken = expect(Kind.NUMBER, "VAL_ message id");
            Token signalName = expect(Kind.IDENT, "VAL_ signal name");
            Map<Long, String> choices = choiceList("VAL_");
            SignalBuilder s = signalRef(idToken, signalName);
            if (s != null) {
                s.choices = choices;
            }
            endStatement("VAL_");
        }

        private void valueTable() throws DbcParseException {
            String name = expect(Kind.IDENT, "VAL_TABLE_ name").text();
            valueTables.put(name, choiceList("VAL_TABLE_"));
            endStatement("VAL_TABLE_");
        }

        private Map<Long, String> choiceList(String what) throws DbcParseException {
            Map<Long, String> choices = new LinkedHashMap<>();
            while (peek().kind() == Kind.NUMBER) {
                Token value = next();
                String text = expect(Kind.STRING, what + " text for " + value.text()).text();
                choices.put(choiceValue(value, what), text);
            }
            return choices;
        }

        private void signalValueType() throws DbcParseException {
            Token idToken = expect(Kind.NUMBER, "SIG_VALTYPE_ message id");
            Token signalName = expect(Kind.IDENT, "SIG_VALTYPE_ signal name");
            if (peek().is(":")) {
                next();
            }
            Token type = expect(Kind.NUMBER, "SIG_VALTYPE_ type");
            DbcSignal.ValueType valueType = switch (type.text()) {
                case "0" -> DbcSignal.ValueType.INTEGER;
                case "1" -> DbcSignal.ValueType.FLOAT32;
                case "2" -> DbcSignal.ValueType.FLOAT64;
                default -> throw error(type, "SIG_VALTYPE_ type must be 0, 1 or 2, found " + type.text());
            };
            SignalBuilder s = signalRef(idToken, signalName);
            if (s != null) {
                s.valueType = valueType;
                s.valueTypeLine = type.line();
            }
            endStatement("SIG_VALTYPE_");
        }

        /** {@code SG_MUL_VAL_ id signal switch from-to, from-to;}: the switch values selecting the signal. */
        private void multiplexValues(Token keyword) throws DbcParseException {
            Token idToken = expect(Kind.NUMBER, "SG_MUL_VAL_ message id");
            Token signalName = expect(Kind.IDENT, "SG_MUL_VAL_ signal name");
            Token switchName = expect(Kind.IDENT, "SG_MUL_VAL_ multiplexer name");
            List<DbcSignal.MultiplexRange> ranges = new ArrayList<>();
            while (true) {
                Token fromToken = expect(Kind.NUMBER, "SG_MUL_VAL_ range");
                long from = parseLong(fromToken, "SG_MUL_VAL_ range start");
                long to;
                if (peek().kind() == Kind.NUMBER && peek().text().startsWith("-")) {
                    // "8-8" lexes as 8 and -8
                    Token toToken = next();
                    to = parseLong(new Token(Kind.NUMBER, toToken.text().substring(1), toToken.line(),
                            toToken.column(), false), "SG_MUL_VAL_ range end");
                } else {
                    expectPunct("-", "in SG_MUL_VAL_ range");
                    to = parseLong(expect(Kind.NUMBER, "SG_MUL_VAL_ range end"), "SG_MUL_VAL_ range end");
                }
                if (from < 0 || to < from) {
                    throw error(fromToken, "SG_MUL_VAL_ range " + from + "-" + to + " is empty or negative");
                }
                ranges.add(new DbcSignal.MultiplexRange(from, to));
                if (!peek().is(",")) {
                    break;
                }
                next();
            }
            SignalBuilder s = signalRef(idToken, signalName);
            if (s != null) {
                s.multiplexRanges = ranges;
                s.multiplexSwitch = switchName.text();
                s.multiplexRangesLine = keyword.line();
            }
            endStatement("SG_MUL_VAL_");
        }

        /** {@code SIG_GROUP_ id name repetitions : signal signal ...;} */
        private void signalGroup() throws DbcParseException {
            Token idToken = expect(Kind.NUMBER, "SIG_GROUP_ message id");
            Token name = expect(Kind.IDENT, "SIG_GROUP_ group name");
            long repetitions = parseLong(expect(Kind.NUMBER, "SIG_GROUP_ repetitions"), "SIG_GROUP_ repetitions");
            expectPunct(":", "after SIG_GROUP_ repetitions");
            List<String> members = new ArrayList<>();
            while (peek().kind() == Kind.IDENT && !isStatementStart(peek()) || peek().is(",")) {
                Token t = next();
                if (t.kind() == Kind.IDENT) {
                    members.add(t.text());
                }
            }
            endStatement("SIG_GROUP_");
            MessageBuilder m = messageRef(idToken);
            if (m != null) {
                m.groups.add(new GroupBuilder(name.line(), name.text(),
                        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, repetitions)), members));
            }
        }

        private void transmitters() throws DbcParseException {
            MessageBuilder m = messageRef(expect(Kind.NUMBER, "BO_TX_BU_ message id"));
            expectPunct(":", "after BO_TX_BU_ message id");
            while (peek().kind() == Kind.IDENT && !isStatementStart(peek()) || peek().is(",")) {
                Token t = next();
                if (m != null && t.kind() == Kind.IDENT && !m.senders.contains(t.text())) {
                    m.senders.add(t.text());
                }
            }
            endStatement("BO_TX_BU_");
        }

        // ---- building --------------------------------------------------------------------------------------

        private DbcDatabase build() {
            Map<String, DbcAttributeDefinition> definitions = attributeDefinitions();
            Map<String, Object> messageDefaults = new LinkedHashMap<>();
            attributeDefaults.forEach((name, value) -> {
                AttributeDef def = attributeDefs.get(name);
                if (def == null || def.objectType().equals("BO_")) {
                    messageDefaults.put(name, value);
                }
            });
            Map<String, Object> sharedDefaults = Collections.unmodifiableMap(messageDefaults);
            if (!sawBs || !sawBu) {
                int line = messages.isEmpty() ? 1 : messages.get(0).line;
                warn(line, (!sawBs && !sawBu ? "no BS_ and no BU_ section" : !sawBs ? "no BS_ section"
                        : "no BU_ section") + " before the messages, accepted" + (sawBu ? "" : " (no nodes known)"));
            }
            Map<String, String> nodeNames = longNodeNames();
            List<DbcMessage> built = new ArrayList<>();
            Set<Long> keys = new HashSet<>();
            for (MessageBuilder mb : messages) {
                if (mb.discarded) {
                    continue;
                }
                DbcMessage m = buildMessage(mb, sharedDefaults, nodeNames);
                if (!keys.add(m.extended() ? m.id() | 0x1_0000_0000L : m.id())) {
                    warn(mb.line, "BO_ " + mb.name + ": CAN id 0x" + Integer.toHexString(m.id())
                            + " already used by another message, this one skipped");
                    continue;
                }
                built.add(m);
            }
            List<DbcNode> nodeList = new ArrayList<>();
            for (String node : nodes) {
                nodeList.add(new DbcNode(nodeNames.getOrDefault(node, node), nodeComments.get(node),
                        nodeAttributes.get(node)));
            }
            unsupported.forEach((keyword, firstAndCount) -> warn(firstAndCount[0], keyword + " not supported, "
                    + firstAndCount[1] + (firstAndCount[1] == 1 ? " statement" : " statements") + " skipped"
                    + (firstAndCount[1] > 1 ? " (first here)" : "")));
            List<String> texts = new ArrayList<>();
            warnings.stream()
                    .sorted(Comparator.comparingInt(Warning::line))
                    .forEach(w -> texts.add(source + ":" + w.line() + ": " + w.text()));
            return new DbcDatabase(source, version, nodeList, comment, built, valueTables, databaseAttributes,
                    definitions, texts);
        }

        private Map<String, DbcAttributeDefinition> attributeDefinitions() {
            Map<String, DbcAttributeDefinition> out = new LinkedHashMap<>();
            attributeDefs.forEach((name, def) -> out.put(name, new DbcAttributeDefinition(name,
                    switch (def.objectType()) {
                        case "BU_" -> DbcAttributeDefinition.ObjectType.NODE;
                        case "BO_" -> DbcAttributeDefinition.ObjectType.MESSAGE;
                        case "SG_" -> DbcAttributeDefinition.ObjectType.SIGNAL;
                        case "EV_" -> DbcAttributeDefinition.ObjectType.ENVIRONMENT_VARIABLE;
                        default -> DbcAttributeDefinition.ObjectType.DATABASE;
                    },
                    DbcAttributeDefinition.ValueType.valueOf(def.type()), def.minimum(), def.maximum(),
                    def.enumValues(), attributeDefaults.get(name))));
            return out;
        }

        /** A non-empty {@code System*LongSymbol} value among these attributes, else null. */
        private static String longName(Map<String, Object> attributes, String normalizedKey) {
            if (attributes == null) {
                return null;
            }
            for (Map.Entry<String, Object> e : attributes.entrySet()) {
                if (e.getValue() instanceof String s && !s.isBlank()
                        && e.getKey().replace("_", "").toLowerCase(Locale.ROOT).equals(normalizedKey)) {
                    return s;
                }
            }
            return null;
        }

        private Map<String, String> longNodeNames() {
            Map<String, String> names = new HashMap<>();
            Set<String> taken = new HashSet<>(nodes);
            for (String node : nodes) {
                String longName = longName(nodeAttributes.get(node), LONG_NODE_NAME);
                if (longName != null && !longName.equals(node)) {
                    if (taken.add(longName)) {
                        names.put(node, longName);
                    } else {
                        warn(1, "BU_ " + node + ": long name " + longName + " already used, short name kept");
                    }
                }
            }
            return names;
        }

        private DbcMessage buildMessage(MessageBuilder mb, Map<String, Object> defaults,
                                        Map<String, String> nodeNames) {
            int id = (int) (mb.rawId & 0x1FFF_FFFFL);
            Object explicitFormat = mb.attributes.get("VFrameFormat");
            Object format = explicitFormat != null ? explicitFormat : defaults.get("VFrameFormat");
            boolean extended = (mb.rawId & 0x8000_0000L) != 0 || isExtendedFormat(explicitFormat);
            if (!extended && id > 0x7FF) {
                warn(mb.line, "BO_ " + mb.name + ": id 0x" + Integer.toHexString(id)
                        + " needs 29 bits but lacks the extended flag 0x80000000, taken as extended");
                extended = true;
            }
            boolean fd = isFdFormat(format) || mb.length > 8;
            String longName = longName(mb.attributes, LONG_MESSAGE_NAME);
            String name = longName != null ? longName : mb.name;

            resolveSignalNames(mb);
            resolveMultiplexers(mb);
            List<DbcSignal> signals = new ArrayList<>();
            for (SignalBuilder s : mb.signals) {
                DbcSignal.ValueType valueType = s.valueType;
                int needed = valueType == DbcSignal.ValueType.FLOAT32 ? 32 : 64;
                if (valueType != DbcSignal.ValueType.INTEGER && s.length != needed) {
                    warn(s.valueTypeLine, "SIG_VALTYPE_ " + mb.name + "." + s.name + ": " + valueType + " needs "
                            + needed + " bits, signal has " + s.length + ", kept as integer");
                    valueType = DbcSignal.ValueType.INTEGER;
                }
                List<String> receivers = s.receivers.stream().map(r -> nodeNames.getOrDefault(r, r)).toList();
                SignalBuilder selector = s.multiplexSwitch == null ? null : mb.signal(s.multiplexSwitch);
                Map<Long, String> choices = options.pruneChoices() ? ChoicePruning.prune(s.choices) : s.choices;
                DbcSignal signal = new DbcSignal(s.finalName, s.startBit, s.length, s.byteOrder, s.signed, s.factor,
                        s.offset, s.minimum, s.maximum, s.unit, receivers, s.multiplexer, s.multiplexerValue,
                        s.multiplexRanges, choices, valueType, s.comment,
                        selector == null ? null : selector.finalName, s.attributes);
                if (signal.requiredBytes() > mb.length) {
                    warn(s.line, "SG_ " + s.name + ": needs " + signal.requiredBytes() + " bytes but " + mb.name
                            + " has " + mb.length + ", never decoded from frames of that length");
                }
                signals.add(signal);
            }
            List<DbcSignalGroup> groups = new ArrayList<>();
            for (GroupBuilder g : mb.groups) {
                List<String> members = new ArrayList<>();
                for (String member : g.signalNames()) {
                    SignalBuilder s = mb.signal(member);
                    if (s == null) {
                        warn(g.line(), "SIG_GROUP_ " + g.name() + ": message " + mb.name + " has no signal " + member
                                + ", left out of the group");
                    } else {
                        members.add(s.finalName);
                    }
                }
                groups.add(new DbcSignalGroup(g.name(), g.repetitions(), members));
            }
            List<String> senders = mb.senders.stream().map(n -> nodeNames.getOrDefault(n, n)).toList();
            return new DbcMessage(id, extended, fd, name, mb.length, senders, mb.comment, signals,
                    mb.attributes, defaults, groups);
        }

        /** Long signal names replace short ones, unless that would clash with another signal's name. */
        private void resolveSignalNames(MessageBuilder mb) {
            Set<String> taken = new HashSet<>();
            for (SignalBuilder s : mb.signals) {
                taken.add(s.name);
            }
            for (SignalBuilder s : mb.signals) {
                String longName = longName(s.attributes, LONG_SIGNAL_NAME);
                s.finalName = s.name;
                if (longName != null && !longName.equals(s.name)) {
                    if (taken.add(longName)) {
                        s.finalName = longName;
                    } else {
                        warn(s.line, "SG_ " + s.name + ": long name " + longName + " already used in " + mb.name
                                + ", short name kept");
                    }
                }
            }
        }

        /**
         * Works out which signal selects each multiplexed one: the switch named by {@code SG_MUL_VAL_} when it is a
         * multiplexer of the message, else the message's first {@code M} signal. Leaves {@code multiplexSwitch} and
         * {@code multiplexRanges} set to what decoding will use (null ranges: the {@code mN} value).
         */
        private void resolveMultiplexers(MessageBuilder mb) {
            for (SignalBuilder s : mb.signals) {
                if (s.multiplexer && s.multiplexerValue == null && s.multiplexRanges != null
                        && !s.name.equals(s.multiplexSwitch)) {
                    // cantools writes a cascaded multiplexer (mNM) as M and keeps its SG_MUL_VAL_.
                    s.multiplexerValue = s.multiplexRanges.get(0).from();
                    warn(s.multiplexRangesLine, "SG_MUL_VAL_ " + mb.name + "." + s.name + ": written as M but selected"
                            + " by " + s.multiplexSwitch + ", taken as a cascaded multiplexer (m"
                            + s.multiplexerValue + "M)");
                }
            }
            String main = null;
            int plainMultiplexers = 0;
            boolean anyMultiplexed = false;
            for (SignalBuilder s : mb.signals) {
                if (s.multiplexer && s.multiplexerValue == null) {
                    plainMultiplexers++;
                    main = main == null ? s.name : main;
                }
                anyMultiplexed |= s.multiplexerValue != null;
            }
            boolean guessed = false;
            for (SignalBuilder s : mb.signals) {
                if (s.multiplexRanges != null && s.multiplexerValue == null) {
                    warn(s.multiplexRangesLine, "SG_MUL_VAL_ " + mb.name + "." + s.name
                            + ": signal is not multiplexed (mN), ignored");
                    s.multiplexRanges = null;
                    s.multiplexSwitch = null;
                    continue;
                }
                if (s.multiplexerValue == null) {
                    continue;
                }
                if (s.multiplexRanges != null) {
                    SignalBuilder target = mb.signal(s.multiplexSwitch);
                    String problem = target == null ? "no signal " + s.multiplexSwitch + " in the message"
                            : target == s ? "a signal cannot select itself"
                            : !target.multiplexer ? s.multiplexSwitch + " is not a multiplexer (M or mNM)" : null;
                    if (problem == null) {
                        continue;
                    }
                    warn(s.multiplexRangesLine, "SG_MUL_VAL_ " + mb.name + "." + s.name + ": " + problem
                            + (main == null ? ", never decoded" : ", taken as selected by " + main + " = "
                            + s.multiplexerValue));
                    s.multiplexRanges = null;
                } else if (plainMultiplexers > 1 && !guessed) {
                    guessed = true;
                    warn(s.line, "SG_ " + s.name + ": " + mb.name + " has " + plainMultiplexers
                            + " multiplexer signals and no SG_MUL_VAL_ says which selects " + s.name
                            + ", taken as " + main + " (as for the other signals without SG_MUL_VAL_)");
                }
                s.multiplexSwitch = main;
            }
            // A cycle of mNM signals selecting each other can never be decoded: cut it at the first signal met.
            for (SignalBuilder s : mb.signals) {
                int steps = 0;
                for (SignalBuilder k = s; k != null && k.multiplexSwitch != null; k = mb.signal(k.multiplexSwitch)) {
                    if (++steps > mb.signals.size()) {
                        warn(s.multiplexRangesLine, "SG_MUL_VAL_ " + mb.name + "." + s.name
                                + ": multiplexers select each other in a cycle, " + s.name + " taken as selected by "
                                + (main == null ? "nothing (never decoded)" : main + " = " + s.multiplexerValue));
                        s.multiplexSwitch = main;
                        s.multiplexRanges = null;
                        break;
                    }
                }
            }
            if (anyMultiplexed && main == null && mb.signals.stream().anyMatch(
                    x -> x.multiplexerValue != null && x.multiplexSwitch == null)) {
                warn(mb.line, "BO_ " + mb.name
                        + ": multiplexed signals but no multiplexer (M), they are never decoded");
            }
        }

        /** VFrameFormat by name, or by the usual enum index when the definition is missing. */
        private static boolean isExtendedFormat(Object format) {
            if (format instanceof String s) {
                return s.startsWith("Extended") || s.startsWith("J1939");
            }
            return format instanceof Long l && (l == 1 || l == 3 || l == 15);
        }

        private static boolean isFdFormat(Object format) {
            if (format instanceof String s) {
                return s.endsWith("_FD");
            }
            return format instanceof Long l && (l == 14 || l == 15);
        }

        // ---- references ------------------------------------------------------------------------------------

        private MessageBuilder messageRef(Token idToken) throws DbcParseException {
            long rawId = parseLong(idToken, "message id");
            MessageBuilder m = byRawId.get(rawId);
            if (m == null) {
                warn(idToken.line(), "no message with id " + rawId + ", reference ignored");
            }
            return m;
        }

        private SignalBuilder signalRef(Token idToken, Token signalName) throws DbcParseException {
            MessageBuilder m = messageRef(idToken);
            if (m == null) {
                return null;
            }
            SignalBuilder s = m.signal(signalName.text());
            if (s == null && !m.discarded) {
                warn(signalName.line(), "message " + m.name + " has no signal " + signalName.text()
                        + ", reference ignored");
            }
            return s;
        }

        // ---- token helpers ---------------------------------------------------------------------------------

        private Token peek() {
            return tokens.get(pos);
        }

        private Token next() {
            Token t = tokens.get(pos);
            if (t.kind() != Kind.EOF) {
                pos++;
            }
            return t;
        }

        /** True while the next token is on the line of {@code start}. */
        private boolean onLine(Token start) {
            Token t = peek();
            return t.kind() != Kind.EOF && t.line() == start.line();
        }

        private boolean aloneOnItsLine(int index) {
            Token t = tokens.get(index);
            Token after = tokens.get(Math.min(index + 1, tokens.size() - 1));
            return t.firstOnLine() && (after.kind() == Kind.EOF || after.line() != t.line());
        }

        private boolean isStatementStart(Token t) {
            return t.firstOnLine() && t.kind() == Kind.IDENT && KEYWORDS.contains(t.text());
        }

        private Token expect(Kind kind, String what) throws DbcParseException {
            Token t = peek();
            if (t.kind() != kind) {
                throw error(t, "expected " + what + ", found " + t.show());
            }
            return next();
        }

        private void expectPunct(String punct, String where) throws DbcParseException {
            Token t = peek();
            if (!t.is(punct) || t.kind() != Kind.PUNCT) {
                throw error(t, "expected '" + punct + "' " + where + ", found " + t.show());
            }
            next();
        }

        /** A missing {@code ;} is tolerated when the next statement starts on a new line. */
        private void endStatement(String keyword) throws DbcParseException {
            Token t = peek();
            if (t.is(";")) {
                next();
            } else if (t.kind() == Kind.EOF || isStatementStart(t)) {
                warn(t.line(), keyword + ": missing ';'");
            } else {
                throw error(t, keyword + ": expected ';', found " + t.show());
            }
        }

        private void skipLine(Token start) {
            while (onLine(start)) {
                next();
            }
        }

        /** Skips to the {@code ;} that ends the statement, or to the next line that starts a statement. */
        private void skipStatement() {
            while (true) {
                Token t = peek();
                if (t.kind() == Kind.EOF || isStatementStart(t)) {
                    return;
                }
                next();
                if (t.is(";")) {
                    return;
                }
            }
        }

        /** Runs a statement whose content decoding does not need: if malformed, warn and skip it. */
        private void lenient(Statement statement) {
            try {
                statement.parse();
            } catch (DbcParseException e) {
                warnings.add(new Warning(e.line(), e.reason() + ", statement skipped"));
                skipStatement();
            }
        }

        private void warn(int line, String text) {
            warnings.add(new Warning(line, text));
        }

        private DbcParseException error(Token t, String cause) {
            return new DbcParseException(source, t.line(), cause);
        }

        private long parseLong(Token t, String what) throws DbcParseException {
            String s = t.text();
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return Long.parseLong(s.substring(2), 16);
                }
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                throw error(t, what + " must be an integer, found " + t.show());
            }
        }

        private double parseDouble(Token t, String what) throws DbcParseException {
            try {
                String s = t.text();
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return Long.parseLong(s.substring(2), 16);
                }
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(t, what + " must be a number, found " + t.show());
            }
        }

        /** Choice keys may exceed a signed long (unsigned 64-bit signals): keep the bit pattern. */
        private long choiceValue(Token t, String what) throws DbcParseException {
            try {
                BigDecimal d = new BigDecimal(t.text().startsWith("+") ? t.text().substring(1) : t.text());
                BigInteger i = d.toBigIntegerExact();
                if (i.bitLength() > 64) {
                    throw error(t, what + " value " + t.text() + " does not fit in 64 bits");
                }
                return i.longValue();
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(t, what + " value must be an integer, found " + t.show());
            }
        }
    }
}
