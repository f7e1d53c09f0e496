package io.voltrace.edge.bms;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a signal mapping file (described for users in {@code mappings/README.md}): JSON, with {@code //} and
 * {@code /* *}{@code /} comments and trailing commas allowed so people can annotate what they found out. Checks the
 * file's shape only; the signals are checked against a DBC by {@link ResolvedMapping}. Every problem is collected,
 * then all are thrown together.
 *
 * <pre>{@code
 * {
 *   "format": "voltrace-bms-mapping/1",          // optional; when present it must be this
 *   "vehicle": "Nissan Leaf AZE0 (2013-2017)",   // free text
 *   "dbc": "EV-can_AZE0.dbc",                   // free text: the DBC this was written for
 *   "packVoltage": { "signal": "LB_Total_Voltage" },                             // required, V
 *   "packCurrent": { "signal": "LB_Current", "positiveWhen": "charging" },       // required, A;
 *                                                        // positiveWhen: "charging" | "discharging", no default
 *   "soc": { "signal": "x55B.LB_SOC", "scale": 0.1, "invalidRaw": [1023] },    // optional, %
 *   "insulationResistance": { "signal": "BMS_isolationResistance" },            // optional, kOhm
 *   "cellVoltages": { "pattern": "Cell(\\d+)", "indexOffset": 0 },               // optional, V; one of:
 *                   // { "pattern": regex with one number group, "indexOffset": n (index = number + n, 0-based) }
 *                   // { "signals": [ "name for index 0", "name for index 1", ... ] }
 *                   // { "valueSignal": "CellV", "indexSignal": "CellNo", "indexOffset": n }
 *   "cellTemperatures": { ...same three forms... },                              // optional, degC
 *   "faults": {                                                                   // optional
 *     "LB_IR_Sensor_Malfunction": "isolation_sensor_fault",       // active when the raw value is not 0
 *     "LB_Failsafe_Status": { "flag": "caution_lamp", "activeRaw": [4, 5, 6, 7] }
 *   }
 * }
 * }</pre>
 *
 * Every field object (and a fault's object form) may also hold {@code "scale"} (multiplies the DBC's physical value,
 * default 1), {@code "offset"} (added after the scale, default 0), {@code "maxHz"} (take at most this many readings
 * a second), {@code "onChange"} (count only changed values as updates), {@code "invalidRaw"} (raw values meaning
 * "not available") and {@code "comment"} (free text).
 * A signal is named as in the DBC, or as {@code Message.Signal} when several messages carry that name.
 */
final class MappingReader {

    static final String FORMAT = "voltrace-bms-mapping/1";
    private static final Set<String> OPTION_KEYS =
            Set.of("scale", "offset", "maxHz", "onChange", "invalidRaw", "comment");
    private static final Set<String> TOP_KEYS = Set.of("format", "vehicle", "dbc", "comment", "packVoltage",
            "packCurrent", "soc", "insulationResistance", "cellVoltages", "cellTemperatures", "faults", "soh",
            "capacityAh", "partial");
    private static final java.util.regex.Pattern FLAG_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private MappingReader(String source) {
        this.source = source;
    }

    static SignalMapping read(String source, Reader reader) throws IOException, MappingException {
        JsonNode root;
        try {
            root = JSON.readTree(reader);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new MappingException(source, List.of(where + ": not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new MappingException(source, List.of(source + ": the file must hold one JSON object"));
        }
        return new MappingReader(source).mapping(root);
    }

    private SignalMapping mapping(JsonNode root) throws MappingException {
        keys(root, "", TOP_KEYS);
        String format = text(root, "format", "", false);
        if (format != null && !format.equals(FORMAT)) {
            problem("format", "'" + format + "' is not a format this agent reads (" + FORMAT + ")");
        }
        String vehicle = text(root, "vehicle", "", false);
        String dbc = text(root, "dbc", "", false);
        // A partial mapping is a second bus's: it maps what that bus carries, the pack's voltage and current
        // come from another bus's mapping (can.buses).
        JsonNode partialNode = root.get("partial");
        boolean partial = false;
        if (partialNode != null && !partialNode.isNull()) {
            if (partialNode.isBoolean()) {
                partial = partialNode.booleanValue();
            } else {
                problem("partial", "must be true or false");
            }
        }
        SignalField packVoltage = signalField(root, "packVoltage", !partial);
        CurrentField packCurrent = partial && root.get("packCurrent") == null ? null : currentField(root);
        SignalField soh = signalField(root, "soh", false);
        SignalField capacityAh = signalField(root, "capacityAh", false);
        SignalField soc = signalField(root, "soc", false);
        SignalField insulation = signalField(root, "insulationResistance", false);
        IndexedSource cells = indexed(root, "cellVoltages");
        IndexedSource temps = indexed(root, "cellTemperatures");
        List<FaultField> faults = faults(root);
        if (!problems.isEmpty()) {
            throw new MappingException(source, problems);
        }
        return new SignalMapping(source, vehicle, dbc, packVoltage, packCurrent, soc, insulation, cells, temps,
                faults, soh, capacityAh, partial);
    }

    private SignalField signalField(JsonNode root, String key, boolean required) {
        JsonNode node = object(root, key, "", required);
        if (node == null) {
            return null;
        }
        keys(node, key, union(Set.of("signal"), OPTION_KEYS));
        String signal = text(node, "signal", key, true);
        FieldOptions options = options(node, key);
        return signal == null || options == null ? null : new SignalField(signal, options);
    }

    private CurrentField currentField(JsonNode root) {
        String key = "packCurrent";
        JsonNode node = object(root, key, "", true);
        if (node == null) {
            return null;
        }
        keys(node, key, union(Set.of("signal", "positiveWhen"), OPTION_KEYS));
        String signal = text(node, "signal", key, true);
        String positive = text(node, "positiveWhen", key, true);
        CurrentField.Direction direction = null;
        if ("charging".equals(positive)) {
            direction = CurrentField.Direction.CHARGING;
        } else if ("discharging".equals(positive)) {
            direction = CurrentField.Direction.DISCHARGING;
        } else if (positive != null) {
            problem(key + ".positiveWhen", "'" + positive + "' must be \"charging\" or \"discharging\"");
        }
        FieldOptions options = options(node, key);
        return signal == null || direction == null || options == null
                ? null : new CurrentField(signal, direction, options);
    }

    private IndexedSource indexed(JsonNode root, String key) {
        JsonNode node = object(root, key, "", false);
        if (node == null) {
            return null;
        }
        boolean pattern = node.has("pattern");
        boolean listed = node.has("signals");
        boolean paired = node.has("valueSignal") || node.has("indexSignal");
        int forms = (pattern ? 1 : 0) + (listed ? 1 : 0) + (paired ? 1 : 0);
        if (forms != 1) {
            problem(key, forms == 0
                    ? "needs one of \"pattern\", \"signals\" or \"valueSignal\" + \"indexSignal\""
                    : "has more than one of \"pattern\", \"signals\" and \"valueSignal\"/\"indexSignal\"; pick one");
            return null;
        }
        FieldOptions options;
        if (pattern) {
            keys(node, key, union(Set.of("pattern", "indexOffset"), OPTION_KEYS));
            String regex = text(node, "pattern", key, true);
            Integer offset = integer(node, "indexOffset", key, 0);
            options = options(node, key);
            return regex == null || offset == null || options == null
                    ? null : new IndexedSource.Pattern(regex, offset, options);
        }
        if (listed) {
            keys(node, key, union(Set.of("signals"), OPTION_KEYS));
            List<String> signals = textList(node.get("signals"), key + ".signals");
            options = options(node, key);
            return signals == null || options == null ? null : new IndexedSource.Listed(signals, options);
        }
        keys(node, key, union(Set.of("valueSignal", "indexSignal", "indexOffset"), OPTION_KEYS));
        String value = text(node, "valueSignal", key, true);
        String index = text(node, "indexSignal", key, true);
        Integer offset = integer(node, "indexOffset", key, 0);
        options = options(node, key);
        return value == null || index == null || offset == null || options == null
                ? null : new IndexedSource.Paired(value, index, offset, options);
    }

    private List<FaultField> faults(JsonNode root) {
        JsonNode node = object(root, "faults", "", false);
        List<FaultField> faults = new ArrayList<>();
        if (node == null) {
            return faults;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String signal = e.getKey();
            String path = "faults." + signal;
            JsonNode value = e.getValue();
            if (value.isTextual()) {
                String flag = flagName(value.asText(), path);
                if (flag != null) {
                    faults.add(new FaultField(signal, flag, List.of(), FieldOptions.DEFAULT));
                }
            } else if (value.isObject()) {
                keys(value, path, union(Set.of("flag", "activeRaw"), OPTION_KEYS));
                String flagText = text(value, "flag", path, true);
                String flag = flagText == null ? null : flagName(flagText, path + ".flag");
                List<Long> active = value.has("activeRaw") ? longList(value.get("activeRaw"), path + ".activeRaw")
                        : List.of();
                FieldOptions options = options(value, path);
                if (flag != null && active != null && options != null) {
                    faults.add(new FaultField(signal, flag, active, options));
                }
            } else {
                problem(path, "must be a flag name or an object with \"flag\"");
            }
        }
        return faults;
    }

    private String flagName(String flag, String path) {
        if (!FLAG_NAME.matcher(flag).matches()) {
            problem(path, "flag name '" + flag + "' must be letters, digits and _, starting with a letter");
            return null;
        }
        return flag;
    }

    private FieldOptions options(JsonNode node, String path) {
        int before = problems.size();
        double scale = number(node, "scale", path, 1);
        if (!(scale != 0 && Double.isFinite(scale))) {
            problem(path + ".scale", "must be a finite number other than 0");
        }
        double offset = number(node, "offset", path, 0);
        if (!Double.isFinite(offset)) {
            problem(path + ".offset", "must be a finite number");
        }
        double maxHz = number(node, "maxHz", path, 0);
        if (node.has("maxHz") && !(maxHz > 0 && Double.isFinite(maxHz))) {
            problem(path + ".maxHz", "must be a number above 0 (leave it out for every reading)");
        }
        boolean onChange = false;
        JsonNode change = node.get("onChange");
        if (change != null) {
            if (change.isBoolean()) {
                onChange = change.asBoolean();
            } else {
                problem(path + ".onChange", "must be true or false");
            }
        }
        List<Long> invalid = node.has("invalidRaw") ? longList(node.get("invalidRaw"), path + ".invalidRaw")
                : List.of();
        JsonNode comment = node.get("comment");
        if (comment != null && !comment.isTextual()) {
            problem(path + ".comment", "must be a string");
        }
        if (problems.size() > before || invalid == null) {
            return null;
        }
        return new FieldOptions(scale, offset, maxHz, onChange, invalid);
    }

    // ---- JSON shape helpers: each records a problem and returns null (or the default) when the shape is wrong.

    private void keys(JsonNode node, String path, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(join(path, name), "unknown key; known here: " + String.join(", ", sorted(allowed)));
            }
        }
    }

    private JsonNode object(JsonNode parent, String key, String path, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(join(path, key), "missing (required)");
            }
            return null;
        }
        if (!node.isObject()) {
            problem(join(path, key), "must be an object { ... }");
            return null;
        }
        return node;
    }

    private String text(JsonNode node, String key, String path, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem(join(path, key), "missing (required)");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(join(path, key), "must be a non-empty string");
            return null;
        }
        return value.asText().trim();
    }

    private double number(JsonNode node, String key, String path, double fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            problem(join(path, key), "must be a number");
            return fallback;
        }
        return value.asDouble();
    }

    private Integer integer(JsonNode node, String key, String path, int fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(join(path, key), "must be a whole number");
            return null;
        }
        return value.asInt();
    }

    private List<String> textList(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, "must be a non-empty list of signal names");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(path + "[" + i + "]", "must be a signal name");
                return null;
            }
            out.add(item.asText().trim());
        }
        return out;
    }

    private List<Long> longList(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, "must be a non-empty list of whole numbers");
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                problem(path + "[" + i + "]", "must be a whole number (a raw value)");
                return null;
            }
            out.add(item.asLong());
        }
        return out;
    }

    private void problem(String path, String reason) {
        problems.add(source + ": " + path + ": " + reason);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
