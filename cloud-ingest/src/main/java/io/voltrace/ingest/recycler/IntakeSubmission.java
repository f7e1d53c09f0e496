package io.voltrace.ingest.recycler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.analytics.grading.IntakeEvidence;
import io.voltrace.analytics.intake.BenchFiles;
import io.voltrace.analytics.intake.BenchFormat;
import io.voltrace.analytics.intake.IntakeAnalysis;
import io.voltrace.analytics.intake.IntakeJson;
import io.voltrace.analytics.intake.IntakeProcedure;
import io.voltrace.analytics.intake.IntakeResult;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.ingest.registry.BatteryRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a recycler submits, checked and reduced to the figures the grading uses: the JSON report of
 * {@code voltrace intake test}, a result line of {@code voltrace triage estimate}, or a bench file the service
 * analyses itself. Each refusal names the field (or file row) and the reason ({@link IllegalArgumentException}).
 *
 * @param evidence the capacity figure and its uncertainty
 * @param details  ledger event details beyond the figures (method, model, SOC...)
 * @param report   the full report stored beside the event
 */
public record IntakeSubmission(IntakeEvidence evidence, Map<String, String> details, ObjectNode report) {

    /** Above this the submitted figure cannot be a retired battery's capacity: a wrong nominal or unit. */
    static final double MAX_SOH = 130;

    /** The report of {@code voltrace intake test} (its JSON output), for this battery at its registered rating. */
    public static IntakeSubmission ofTestReport(BatteryRecord battery, JsonNode body) {
        ObjectNode report = object(body);
        String code = text(report, "code");
        if (code != null && !code.equals(battery.code())) {
            throw new IllegalArgumentException("field 'code': the report is for " + code + ", not " + battery.code());
        }
        JsonNode procedure = report.get("procedure");
        if (procedure == null || !procedure.isObject()) {
            throw new IllegalArgumentException("field 'procedure' is required: the report of voltrace intake test "
                    + "states its nominal capacity and voltages there");
        }
        double nominal = number(procedure, "procedure.nominalAh");
        checkNominal(battery, nominal);
        JsonNode residual = report.get("residualAh");
        if (residual == null || residual.isNull()) {
            throw new IllegalArgumentException("field 'residualAh' is null: the test holds no residual-capacity "
                    + "discharge (see its reasons); run the GB/T 34015 test before recording it");
        }
        double ah = number(report, "residualAh");
        double soh = 100 * ah / battery.nominalAh();
        checkSoh(soh, "residualAh");
        String source = text(report, "source");
        IntakeEvidence e = new IntakeEvidence(IntakeEvidence.Kind.TESTED, ah, soh, 0.5,
                source == null ? "submitted report" : source);
        return new IntakeSubmission(e, Map.of("method", "GB/T 34015 residual capacity, report of voltrace intake"
                + " test"), report);
    }

    /** One line of {@code voltrace triage estimate}: {@code {"id", "soc", "soh", "uncertainty", "grade"}}. */
    public static IntakeSubmission ofTriage(BatteryRecord battery, JsonNode body) {
        ObjectNode report = object(body);
        double soh = number(report, "soh");
        checkSoh(soh, "soh");
        double sigma = number(report, "uncertainty");
        if (sigma <= 0 || sigma > 25) {
            throw new IllegalArgumentException("field 'uncertainty' must be a one-sigma figure in points of SOH, "
                    + "above 0 and at most 25, was " + sigma);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "pulse triage, result of voltrace triage estimate");
        if (report.hasNonNull("soc")) {
            double soc = number(report, "soc");
            if (soc < 0 || soc > 100) {
                throw new IllegalArgumentException("field 'soc' must be 0-100 %, was " + soc);
            }
            details.put("socPercent", fmt(soc));
        }
        String model = text(report, "model");
        if (model != null) {
            details.put("model", limit(model));
        }
        String id = text(report, "id");
        String source = model != null ? "model " + model : id != null ? "test " + id : "submitted triage";
        IntakeEvidence e = IntakeEvidence.triaged(soh, sigma, battery.nominalAh(), limit(source));
        return new IntakeSubmission(e, details, report);
    }

    /**
     * A bench file, analysed here by the procedure of docs/intake.md at the battery's registered rating and its
     * chemistry's voltages; a file whose voltages are a pack's (above 1.5 times a cell's charge end) has them scaled
     * by the battery's series cells.
     */
    public static IntakeSubmission ofFile(BatteryRecord battery, Path file, String fileName, BenchFormat format,
                                          Double cutoffVolts, Double chargeVolts, double pulseSeconds) {
        BenchFiles.Bench bench = BenchFiles.read(file, format);
        List<String> problems = bench.read().problems();
        if (bench.read().rows().size() < 2) {
            throw new IllegalArgumentException(fileName + ": " + bench.read().rows().size() + " usable readings"
                    + (problems.isEmpty() ? "" : "; first problem: " + problems.get(0)));
        }
        ExtractorConfig cell = ExtractorConfig.of(battery.chemistry(), battery.nominalAh(), 1);
        double max = bench.read().rows().stream().mapToDouble(r -> r.volts()).max().orElse(0);
        int series = max > 1.5 * cell.chargeEndVolts() ? battery.cellsSeries() : 1;
        IntakeProcedure procedure = IntakeProcedure.of(battery.nominalAh(),
                cutoffVolts != null ? cutoffVolts : cell.cutoffVolts() * series,
                chargeVolts != null ? chargeVolts : cell.chargeEndVolts() * series, pulseSeconds);
        IntakeResult r = new IntakeAnalysis(procedure).analyze(battery.code(), fileName, bench.read().rows(),
                problems.size());
        ObjectNode report = IntakeJson.of(r);
        report.put("format", bench.format().wireName());
        report.put("voltageLevel", series == 1 ? "cell" : "pack of " + series + " cells in series");
        report.putPOJO("problems", problems.stream().limit(100).toList());
        if (!Double.isFinite(r.residualAh())) {
            throw new IllegalArgumentException(fileName + ": " + r.reasons().get(0));
        }
        checkSoh(r.sohPercent(), fileName + " residual capacity");
        IntakeEvidence e = IntakeEvidence.tested(r);
        return new IntakeSubmission(new IntakeEvidence(e.kind(), e.capacityAh(), e.sohPercent(), e.sigmaPercent(),
                limit(fileName)), Map.of("method", "GB/T 34015 residual capacity, analysed by the service ("
                + bench.format().wireName() + ")"), report);
    }

    private static void checkNominal(BatteryRecord battery, double nominal) {
        if (Math.abs(nominal / battery.nominalAh() - 1) > 0.01) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "field 'procedure.nominalAh': the report "
                    + "rates the battery %s Ah, the registry %s Ah: analyse the test against the registered rating "
                    + "(voltrace intake test --nominal-ah %s)", fmt(nominal), fmt(battery.nominalAh()),
                    fmt(battery.nominalAh())));
        }
    }

    private static void checkSoh(double soh, String field) {
        if (!(soh > 0) || soh > MAX_SOH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "field '%s' gives an SOH of %.1f %%, outside"
                    + " (0, %.0f]: a wrong unit or rating", field, soh, MAX_SOH));
        }
    }

    private static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return ((ObjectNode) body).deepCopy();
    }

    private static double number(JsonNode node, String path) {
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + path + "' is required");
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("field '" + path + "' must be a finite number, was " + v);
        }
        return v.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String limit(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
