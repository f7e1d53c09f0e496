package io.voltrace.analytics.grading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.analytics.soh.RestDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Reads a grading policy file over the shipped defaults. The shipped file is also the schema: a key it does not have
 * is unknown, a value of another JSON type is wrong. Every problem is collected with its line, so one run shows them
 * all.
 */
final class PolicyFile {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String ABOUT = "about";
    private static final JsonNode SHIPPED = readShipped();
    static final GradingPolicy DEFAULTS = new PolicyFile(GradingPolicy.DEFAULT_RESOURCE, Map.of(), SHIPPED).bind();

    private final String source;
    private final Map<String, Integer> lines;
    private final JsonNode user;
    private final JsonNode merged;
    private final List<String> problems = new ArrayList<>();
    /** One problem per field: a wrong type found by the schema check is not reported again by the range check. */
    private final Set<String> reported = new HashSet<>();

    private PolicyFile(String source, Map<String, Integer> lines, JsonNode user) {
        this.source = source;
        this.lines = lines;
        this.user = user;
        this.merged = merge(SHIPPED.deepCopy(), user);
    }

    static GradingPolicy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GradingPolicyException(file.toString(), List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    static GradingPolicy parse(String json, String source) {
        JsonNode tree;
        Map<String, Integer> lines;
        try {
            tree = MAPPER.readTree(json);
            lines = lineNumbers(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new GradingPolicyException(source, List.of(source + ":" + line + ": malformed JSON: "
                    + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new GradingPolicyException(source, List.of(source + ":1: the policy must be a JSON object"));
        }
        PolicyFile file = new PolicyFile(source, lines, tree);
        file.checkKnown(tree, SHIPPED, "");
        return file.bind();
    }

    private static JsonNode readShipped() {
        try (InputStream in = PolicyFile.class.getResourceAsStream(GradingPolicy.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("shipped grading policy missing: " + GradingPolicy.DEFAULT_RESOURCE);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + GradingPolicy.DEFAULT_RESOURCE, e);
        }
    }

    /** JSON pointer of every field and value → the line it starts on. */
    private static Map<String, Integer> lineNumbers(String json) throws JsonProcessingException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t.isScalarValue() || t.isStructStart()) {
                    lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(),
                            p.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Unknown keys and wrong JSON types, checked against the shipped file. */
    private void checkKnown(JsonNode node, JsonNode schema, String pointer) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String at = pointer + "/" + f.getKey();
            JsonNode expected = schema.get(f.getKey());
            if (expected == null) {
                problem(at, "unknown field (known: " + known(schema) + ")");
            } else if (f.getKey().equals(ABOUT)) {
                if (!f.getValue().isTextual()) {
                    problem(at, "must be text");
                }
            } else if (expected.isObject()) {
                if (f.getValue().isObject()) {
                    checkKnown(f.getValue(), expected, at);
                } else {
                    problem(at, "must be an object with " + known(expected));
                }
            } else if (expected.isNumber() && !f.getValue().isNumber()) {
                problem(at, "must be a number, was " + f.getValue());
            } else if (expected.isBoolean() && !f.getValue().isBoolean()) {
                problem(at, "must be true or false, was " + f.getValue());
            } else if (expected.isArray() && !f.getValue().isArray()) {
                problem(at, "must be a list, was " + f.getValue());
            }
        }
    }

    private static String known(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.fieldNames().forEachRemaining(n -> {
            if (!n.equals(ABOUT)) {
                names.add(n);
            }
        });
        return String.join(", ", names);
    }

    private static JsonNode merge(ObjectNode base, JsonNode over) {
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode mine = base.get(f.getKey());
            if (mine != null && mine.isObject() && f.getValue().isObject()) {
                merge((ObjectNode) mine, f.getValue());
            } else {
                base.set(f.getKey(), f.getValue());
            }
        }
        return base;
    }

    private GradingPolicy bind() {
        double a = number("/grades/reuseA", v -> v > 0 && v <= 100, "must be in (0, 100]");
        double b = number("/grades/reuseB", v -> v > 0 && v <= 100, "must be in (0, 100]");
        double c = number("/grades/reuseC", v -> v > 0 && v <= 100, "must be in (0, 100]");
        if (!(a > b)) {
            problem(firstSet("/grades/reuseB", "/grades/reuseA"), String.format(Locale.ROOT,
                    "reuseA (%s) must be above reuseB (%s)", fmt(a), fmt(b)));
        }
        if (!(b > c)) {
            problem(firstSet("/grades/reuseC", "/grades/reuseB"), String.format(Locale.ROOT,
                    "reuseB (%s) must be above reuseC (%s)", fmt(b), fmt(c)));
        }
        double restAmps = number("/rest/currentAmps", v -> v > 0, "must be > 0");
        double restMinutes = number("/rest/minMinutes", v -> v > 0, "must be > 0");
        double spread = number("/cellSpread/maxVolts", v -> v > 0 && v < 5, "must be in (0, 5) volts");
        double maxTemp = number("/temperature/maxC", v -> v > -40 && v < 150, "must be in (-40, 150) °C");
        double margin = number("/overVoltage/marginVolts", v -> v >= 0 && v < 1, "must be in [0, 1) volts");
        double sdMax = number("/selfDischarge/maxPercentPerDay", v -> v > 0 && v <= 100, "must be in (0, 100]");
        double settle = number("/selfDischarge/settleHours", v -> v >= 0 && v <= 72, "must be in [0, 72] hours");
        double sdHours = number("/selfDischarge/minHours", v -> v > 0 && v <= 720, "must be in (0, 720] hours");
        int sdRests = integer("/selfDischarge/minRests", 1);
        double sdSlope = number("/selfDischarge/minOcvSlopeVoltsPerPercent", v -> v >= 0 && v < 1,
                "must be in [0, 1) volts per percent");
        boolean sdHold = bool("/selfDischarge/holdWhenUnscreened");
        double ohmsPerVolt = number("/insulation/minOhmsPerVolt", v -> v > 0, "must be > 0 Ω/V");
        boolean insulationHold = bool("/insulation/holdWhenUnmeasured");
        double highPower = number("/resistance/highPowerMaxIncreasePercent", v -> v > 0, "must be > 0");
        double maxIncrease = number("/resistance/maxIncreasePercent", v -> v > 0, "must be > 0");
        if (!(maxIncrease >= highPower)) {
            problem(firstSet("/resistance/maxIncreasePercent", "/resistance/highPowerMaxIncreasePercent"),
                    String.format(Locale.ROOT, "maxIncreasePercent (%s) must be at least highPowerMaxIncreasePercent"
                            + " (%s)", fmt(maxIncrease), fmt(highPower)));
        }
        int thermal = integer("/thermalEvents/max", 0);
        Set<Fault> faults = faults("/faults/recovery");
        double minDays = number("/evidence/minTelemetryDays", v -> v >= 0 && v <= 3650, "must be in [0, 3650]");
        if (!problems.isEmpty()) {
            throw new GradingPolicyException(source, problems);
        }
        return new GradingPolicy(a, b, c, spread, maxTemp, margin, new RestDetector(restAmps, restMinutes),
                new SelfDischargeLimits(sdMax, settle, sdHours, sdRests, sdSlope, sdHold),
                new InsulationLimits(ohmsPerVolt, insulationHold), new ResistanceLimits(highPower, maxIncrease),
                thermal, faults, minDays);
    }

    private double number(String pointer, DoublePredicate valid, String rule) {
        JsonNode n = merged.at(pointer);
        if (!n.isNumber()) {
            problem(pointer, "must be a number");
            return Double.NaN;
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v) || !valid.test(v)) {
            problem(pointer, rule + ", was " + n);
        }
        return v;
    }

    private int integer(String pointer, int min) {
        JsonNode n = merged.at(pointer);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problem(pointer, "must be a whole number, was " + n);
            return min;
        }
        if (n.intValue() < min) {
            problem(pointer, "must be at least " + min + ", was " + n);
            return min;
        }
        return n.intValue();
    }

    private boolean bool(String pointer) {
        JsonNode n = merged.at(pointer);
        if (!n.isBoolean()) {
            problem(pointer, "must be true or false, was " + n);
            return false;
        }
        return n.booleanValue();
    }

    private Set<Fault> faults(String pointer) {
        JsonNode n = merged.at(pointer);
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        if (!n.isArray()) {
            problem(pointer, "must be a list of fault names");
            return faults;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            try {
                faults.add(Fault.valueOf(item.asText()));
            } catch (IllegalArgumentException e) {
                problem(pointer + "/" + i, "unknown fault " + item + " (known: "
                        + String.join(", ", EnumSet.allOf(Fault.class).stream().map(Enum::name).toList()) + ")");
            }
        }
        return faults;
    }

    /** The first of these fields the user's file sets, to point the error at a line the user wrote. */
    private String firstSet(String... pointers) {
        for (String p : pointers) {
            if (!user.at(p).isMissingNode()) {
                return p;
            }
        }
        return pointers[0];
    }

    private void problem(String pointer, String reason) {
        if (!reported.add(pointer)) {
            return;
        }
        Integer line = lines.get(pointer);
        String field = pointer.substring(1).replace('/', '.');
        problems.add(source + (line == null ? "" : ":" + line) + ": " + field + ": " + reason);
    }

    private static String fmt(double v) {
        return SafetyScreen.num(v, 2);
    }
}
