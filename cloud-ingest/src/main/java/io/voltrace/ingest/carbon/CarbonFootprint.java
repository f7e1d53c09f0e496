package io.voltrace.ingest.carbon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A manufacturer's declared carbon footprint of one battery (EU 2023/1542 Art. 7): kg CO2e per kWh of the battery's
 * total energy, per life-cycle stage, under a named rulebook (the calculation rules, e.g. the Commission's delegated
 * act or a PEF category rule) and with the reference of the declaration document. Recorded in the ledger as details
 * of a {@code production} or a {@code carbon_footprint} event ({@link #toDetails()}), from where it flows into the
 * battery passport.
 *
 * @param kgCo2ePerKwh     declared figure per stage; at least one
 * @param rulebook         the calculation rules the figures follow (title, URL or reference)
 * @param declaration      the declaration document's reference (e.g. its number or URL)
 * @param performanceClass the carbon-footprint performance class, A–G, or null when not yet assigned
 * @param facility         the Catena-X site BPN (BPNA + 12) of the manufacturing plant, or null (the passport then
 *                         takes the plant from the manufacturer's declaration)
 */
public record CarbonFootprint(Map<LifecycleStage, Double> kgCo2ePerKwh, String rulebook, String declaration,
                              String performanceClass, String facility) {
    /** A figure above this per kWh is taken for a per-battery total or a unit slip (g instead of kg). */
    static final double MAX_KG_PER_KWH = 1000;
    public static final String RULEBOOK = "cfRulebook";
    public static final String DECLARATION = "cfDeclaration";
    public static final String PERFORMANCE_CLASS = "cfPerformanceClass";
    public static final String FACILITY = "cfFacility";
    private static final Pattern CLASS = Pattern.compile("[A-G]");
    private static final Pattern SITE_BPN = Pattern.compile("BPNA[a-zA-Z0-9]{12}");
    private static final int MAX_TEXT = 500;

    public CarbonFootprint {
        if (kgCo2ePerKwh == null || kgCo2ePerKwh.isEmpty()) {
            throw new IllegalArgumentException("a carbon footprint needs at least one life-cycle stage's kg CO2e per"
                    + " kWh");
        }
        EnumMap<LifecycleStage, Double> copy = new EnumMap<>(LifecycleStage.class);
        kgCo2ePerKwh.forEach((stage, value) -> copy.put(stage, checkFigure(stage.wireName(), value)));
        kgCo2ePerKwh = Collections.unmodifiableMap(copy);
        rulebook = requireText("rulebook", rulebook);
        declaration = requireText("declaration", declaration);
        if (performanceClass != null && !CLASS.matcher(performanceClass).matches()) {
            throw new IllegalArgumentException("performanceClass must be one letter A to G, was '" + performanceClass
                    + "'");
        }
        if (facility != null && !SITE_BPN.matcher(facility).matches()) {
            throw new IllegalArgumentException("facility must be a Catena-X site BPN (BPNA and 12 letters or digits),"
                    + " was '" + facility + "'");
        }
    }

    /** kg CO2e per kWh over every declared stage. */
    public double total() {
        return kgCo2ePerKwh.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * kg CO2e per kWh of making the battery (every stage before use), or empty when the declaration names none of
     * them: what a new battery of the same design would carry.
     */
    public Optional<Double> making() {
        double sum = 0;
        boolean any = false;
        for (Map.Entry<LifecycleStage, Double> e : kgCo2ePerKwh.entrySet()) {
            if (e.getKey().beforeUse()) {
                sum += e.getValue();
                any = true;
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }

    /** The ledger details that record it. */
    public Map<String, String> toDetails() {
        Map<String, String> d = new LinkedHashMap<>();
        kgCo2ePerKwh.forEach((stage, value) -> d.put(stage.detail(), figure(value)));
        d.put(RULEBOOK, rulebook);
        d.put(DECLARATION, declaration);
        if (performanceClass != null) {
            d.put(PERFORMANCE_CLASS, performanceClass);
        }
        if (facility != null) {
            d.put(FACILITY, facility);
        }
        return d;
    }

    /**
     * The footprint in an event's details, or empty when they carry none ({@code cf...} keys).
     *
     * @throws IllegalArgumentException naming the detail that is wrong
     */
    public static Optional<CarbonFootprint> fromDetails(Map<String, String> details) {
        boolean any = details.keySet().stream().anyMatch(k -> k.startsWith("cf"));
        if (!any) {
            return Optional.empty();
        }
        Map<LifecycleStage, Double> stages = new EnumMap<>(LifecycleStage.class);
        for (LifecycleStage s : LifecycleStage.values()) {
            String raw = details.get(s.detail());
            if (raw != null) {
                stages.put(s, parseFigure("detail '" + s.detail() + "'", raw));
            }
        }
        for (String key : details.keySet()) {
            if (key.startsWith("cf") && !isKnownDetail(key)) {
                throw new IllegalArgumentException("detail '" + key + "' is not a carbon-footprint detail; known: "
                        + knownDetails());
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a carbon footprint needs at least one stage: details "
                    + knownStageDetails() + " (kg CO2e per kWh)");
        }
        for (String required : new String[]{RULEBOOK, DECLARATION}) {
            if (details.get(required) == null || details.get(required).isBlank()) {
                throw new IllegalArgumentException("detail '" + required + "' is required with a carbon footprint"
                        + " (a reference: title, number or URL)");
            }
        }
        try {
            return Optional.of(new CarbonFootprint(stages, details.get(RULEBOOK), details.get(DECLARATION),
                    details.get(PERFORMANCE_CLASS), details.get(FACILITY)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("carbon-footprint details: " + e.getMessage(), e);
        }
    }

    /**
     * From an API body {@code {"stages": {"raw_material": 61.2, ...}, "rulebook": "...", "declaration": "...",
     * "performanceClass": "B", "facility": "BPNA..."}}.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static CarbonFootprint fromJson(JsonNode body) {
        JsonNode stagesNode = body.get("stages");
        if (stagesNode == null || !stagesNode.isObject() || stagesNode.isEmpty()) {
            throw new IllegalArgumentException("field 'stages' must be an object of life-cycle stage to kg CO2e per"
                    + " kWh, e.g. {\"raw_material\": 61.2, \"main_production\": 18.4}");
        }
        Map<LifecycleStage, Double> stages = new EnumMap<>(LifecycleStage.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = stagesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            LifecycleStage stage;
            try {
                stage = LifecycleStage.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("field 'stages." + e.getKey() + "': " + ex.getMessage(), ex);
            }
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("field 'stages." + e.getKey() + "' must be a number (kg CO2e per"
                        + " kWh), was " + e.getValue());
            }
            stages.put(stage, checkFigure("stages." + e.getKey(), e.getValue().asDouble()));
        }
        return new CarbonFootprint(stages, text(body, "rulebook"), text(body, "declaration"),
                text(body, "performanceClass"), text(body, "facility"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, was " + n);
        }
        return n.asText();
    }

    private static boolean isKnownDetail(String key) {
        for (LifecycleStage s : LifecycleStage.values()) {
            if (s.detail().equals(key)) {
                return true;
            }
        }
        return key.equals(RULEBOOK) || key.equals(DECLARATION) || key.equals(PERFORMANCE_CLASS)
                || key.equals(FACILITY);
    }

    private static String knownStageDetails() {
        StringBuilder b = new StringBuilder();
        for (LifecycleStage s : LifecycleStage.values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s.detail());
        }
        return b.toString();
    }

    private static String knownDetails() {
        return knownStageDetails() + ", " + RULEBOOK + ", " + DECLARATION + ", " + PERFORMANCE_CLASS + ", " + FACILITY;
    }

    private static double parseFigure(String where, String raw) {
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " must be a number (kg CO2e per kWh), was '" + raw + "'");
        }
        return checkFigure(where, v);
    }

    private static double checkFigure(String where, Double v) {
        if (v == null || !Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(where + " must be a finite number ≥ 0 (kg CO2e per kWh), was " + v);
        }
        if (v > MAX_KG_PER_KWH) {
            throw new IllegalArgumentException(where + " is " + figure(v) + " kg CO2e per kWh, above "
                    + figure(MAX_KG_PER_KWH) + ": the figure is per kWh of battery energy, not per battery (or g"
                    + " were given for kg)");
        }
        return v;
    }

    private static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required (a reference: title, number or URL)");
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    static String figure(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
