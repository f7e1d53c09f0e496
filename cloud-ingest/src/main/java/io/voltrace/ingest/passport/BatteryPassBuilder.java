package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.analytics.passport.Attribute;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.NegativeEvent;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.ingest.health.EdgeReduction;
import io.voltrace.ingest.carbon.CarbonFootprint;
import io.voltrace.ingest.carbon.LifecycleStage;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.passport.Provenance.Source;
import io.voltrace.ingest.registry.HealthAssessment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the Catena-X Battery Pass 6.1.0 document of one battery: the declaration in force is the base, and every
 * attribute voltrace has evidence for is laid over it with the evidence's time (remaining capacity and fade from the
 * latest assessment, resistance from its current steps, throughput, full cycles, state of charge and self-discharge
 * from the stored telemetry, negative events from the telemetry and the edge), the identity and nameplate from the
 * registry, custody-derived status, dates and the carbon footprint from the ledger. An attribute the schema requires
 * that neither evidence nor declaration gives is never guessed: the export fails naming it
 * ({@link IncompletePassportException}). Each attribute's source is written into the passport's {@code sources[]}.
 */
final class BatteryPassBuilder {
    static final String SPEC_VERSION = "urn:io.catenax.battery.battery_pass:6.1.0";
    /** The nil UUID: the Battery Pass requires a predecessor, and an original passport has none. */
    static final String NO_PREDECESSOR = "urn:uuid:00000000-0000-0000-0000-000000000000";
    static final String CF_UNIT = "kg CO2 / kWh";
    /** The sections the Battery Pass 6.1.0 requires. */
    static final List<String> REQUIRED_SECTIONS = List.of("identification", "operation", "characteristics",
            "sustainability", "materials", "performance", "conformity", "safety", "metadata", "commercial",
            "handling");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PassportFacts f;
    private final ObjectNode pass;
    private final Provenance provenance = new Provenance();
    private final List<String> missing = new ArrayList<>();
    private final Source registry;
    private final Source ledger;
    private final Source declared;
    private final Source assessment;
    private final Source telemetry;

    private BatteryPassBuilder(PassportFacts facts) {
        this.f = facts;
        this.pass = facts.declaration() == null ? NODES.objectNode() : facts.declaration().document();
        String code = facts.code();
        registry = new Source("voltrace registry: battery " + code, "Technical Documentation", "voltrace registry");
        ledger = new Source("voltrace lifecycle ledger of " + code + (facts.events().isEmpty() ? " (no events)"
                : ", events 1-" + facts.events().size()), "Supply Chain Information", "voltrace ledger");
        declared = facts.declaration() == null ? null : new Source("Declaration v" + facts.declaration().version()
                + " by " + facts.declaration().declaredBy() + ", " + date(facts.declaration().declaredAt()),
                "Manufacturer Information", "passport declaration sha256:" + facts.declaration().sha256());
        HealthAssessment a = facts.assessment();
        assessment = a == null ? null : new Source("voltrace health assessment of " + a.battery() + ", "
                + a.assessedAt(), "Technical Documentation", "voltrace assessment: " + a.method());
        BatteryCondition c = facts.condition();
        telemetry = c == null || c.observedWindow() == null ? null : new Source("voltrace telemetry "
                + c.observedWindow().fromTs() + " to " + c.observedWindow().toTs(), "Technical Documentation",
                "voltrace telemetry: " + c.observedWindow().samples() + " samples");
    }

    /** @throws IncompletePassportException when a required attribute has neither evidence nor a declaration */
    static ObjectNode build(PassportFacts facts) {
        return new BatteryPassBuilder(facts).build();
    }

    private ObjectNode build() {
        ObjectNode out = NODES.objectNode();
        out.put("specVersion", SPEC_VERSION);
        identification();
        operation();
        sustainability();
        rated();
        dynamic();
        metadata();
        for (String section : REQUIRED_SECTIONS) {
            if (!pass.has(section)) {
                missing.add("/" + section);
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompletePassportException(f.code(), missing, f.assessment() == null
                    ? "The battery has not been assessed yet, so no capacity or resistance figure comes from voltrace."
                    : null);
        }
        if (declared != null) {
            provenance.add(declared, "every attribute not listed under a voltrace source", "as declared");
        }
        ArrayNode sources = pass.has("sources") ? (ArrayNode) pass.get("sources") : NODES.arrayNode();
        provenance.writeTo(sources);
        pass.set("sources", sources);
        out.setAll(pass);
        out.put("specVersion", SPEC_VERSION);
        return out;
    }

    // --- identity and nameplate ---

    private void identification() {
        ObjectNode id = obj(pass, "identification");
        if (!id.has("category")) {
            id.put("category", "EV");
            provenance.add(registry, "/identification/category", "voltrace registers traction batteries");
        }
        if (!id.has("chemistry")) {
            id.put("chemistry", chemistryText(f.battery().chemistry()));
            provenance.add(registry, "/identification/chemistry", "registered chemistry "
                    + f.battery().chemistry());
        }
        ObjectNode inner = obj(id, "identification");
        ArrayNode codes = array(inner, "codes");
        boolean listed = false;
        for (JsonNode c : codes) {
            listed |= f.code().equals(c.path("value").asText());
        }
        if (!listed) {
            codes.addObject().put("key", "GB/T 34014").put("value", f.code());
            provenance.add(registry, "/identification/identification/codes", "the GB/T 34014 code");
        }
        ObjectNode type = obj(inner, "type");
        if (!type.has("nameAtManufacturer") && f.battery().model() != null) {
            type.put("nameAtManufacturer", f.battery().model());
            provenance.add(registry, "/identification/identification/type/nameAtManufacturer", "registered model");
        }
    }

    private void operation() {
        ObjectNode manufacturer = obj(obj(pass, "operation"), "manufacturer");
        if (!manufacturer.has("manufacturingDate")) {
            Optional<LedgerEvent> production = first(f.events(), EventType.PRODUCTION);
            if (production.isPresent()) {
                manufacturer.put("manufacturingDate", date(production.get().occurredAt()));
                provenance.add(ledger, "/operation/manufacturer/manufacturingDate", "production event "
                        + production.get().seq());
            } else {
                Optional<LocalDate> coded = BatteryCode.parse(f.code()).productionDate().date();
                coded.ifPresent(d -> {
                    manufacturer.put("manufacturingDate", d.toString());
                    provenance.add(registry, "/operation/manufacturer/manufacturingDate",
                            "production date in the GB/T 34014 code");
                });
            }
        }
        ObjectNode operation = (ObjectNode) pass.get("operation");
        if (!operation.has("intoServiceDate")) {
            first(f.events(), EventType.INSTALLATION).ifPresent(e -> {
                operation.put("intoServiceDate", date(e.occurredAt()));
                provenance.add(ledger, "/operation/intoServiceDate", "first installation, event " + e.seq());
            });
        }
    }

    private void sustainability() {
        ObjectNode s = obj(pass, "sustainability");
        String status = null;
        String why = null;
        Optional<LedgerEvent> last = f.events().isEmpty() ? Optional.empty()
                : Optional.of(f.events().get(f.events().size() - 1));
        if (last.isPresent() && last.get().type() == EventType.FINAL_PROCESSING) {
            status = "waste";
            why = "final processing, event " + last.get().seq();
        } else if (f.originalCode() != null) {
            status = "repurposed";
            why = "re-coded for reuse from " + f.originalCode();
        } else if (!s.has("status") && !f.events().isEmpty()) {
            status = "original";
            why = "no reuse or final processing recorded";
        }
        if (status != null) {
            s.put("status", status);
            provenance.add(ledger, "/sustainability/status", why);
        } else if (!s.has("status")) {
            missing.add("/sustainability/status");
        }
        carbonFootprint(s);
    }

    private void carbonFootprint(ObjectNode s) {
        Optional<DeclaredFootprint> cf = DeclaredFootprint.latest(f.events());
        if (cf.isEmpty() && f.originalCode() != null) {
            cf = DeclaredFootprint.latest(f.originalEvents());
        }
        if (cf.isEmpty()) {
            missing.add("/sustainability/carbonFootprint");
            return;
        }
        CarbonFootprint fp = cf.get().footprint();
        String facility = fp.facility();
        if (facility == null) {
            JsonNode plant = pass.at("/operation/manufacturer/facility/0/facility");
            facility = plant.isTextual() ? plant.asText() : null;
        }
        if (facility == null) {
            missing.add("/sustainability/carbonFootprint/0/manufacturingPlant (detail cfFacility, or"
                    + " /operation/manufacturer/facility in the declaration)");
            return;
        }
        ArrayNode list = s.putArray("carbonFootprint");
        for (var stage : fp.kgCo2ePerKwh().entrySet()) {
            ObjectNode e = list.addObject();
            e.put("lifecycle", stage.getKey().passportText());
            e.put("value", stage.getValue());
            e.put("unit", CF_UNIT);
            e.put("type", "Climate Change Total");
            if (fp.performanceClass() != null) {
                e.put("performanceClass", fp.performanceClass());
            }
            e.putArray("rulebook").add(document("Carbon footprint rulebook", fp.rulebook()));
            e.putArray("declaration").add(document("Carbon footprint declaration", fp.declaration()));
            e.putArray("manufacturingPlant").addObject().put("facility", facility);
        }
        LedgerEvent event = cf.get().event();
        Source src = new Source("voltrace lifecycle ledger of " + event.battery() + ", event " + event.seq(),
                "Environmental Impact", "voltrace ledger: " + event.type().wireName() + " by " + event.actorOrg());
        provenance.add(src, "/sustainability/carbonFootprint", String.format(Locale.ROOT,
                "%d stage%s, %s kg CO2e/kWh in all, declared %s, hash %s", fp.kgCo2ePerKwh().size(),
                fp.kgCo2ePerKwh().size() == 1 ? "" : "s", round(fp.total()), date(event.occurredAt()),
                event.hash()));
    }

    private void rated() {
        ObjectNode capacity = obj(obj(obj(pass, "performance"), "rated"), "capacity");
        if (!capacity.has("value")) {
            capacity.put("value", f.battery().nominalAh());
            provenance.add(registry, "/performance/rated/capacity/value", "registered nominal capacity, Ah");
        }
    }

    // --- evidence over time ---

    private void dynamic() {
        ObjectNode dyn = obj(obj(pass, "performance"), "dynamic");
        HealthAssessment a = f.assessment();
        BatteryCondition c = f.condition();
        String assessedAt = a == null ? null : a.assessedAt().toString();
        double rated = f.battery().nominalAh();
        // Why an assessment figure is absent: never assessed, or the latest assessment made none.
        String notAssessed = "the battery has not been assessed yet";
        String noFigure = a == null ? notAssessed : "the latest assessment (" + assessedAt + ") made no such estimate";

        boolean capacity = a != null && a.capacityAh() != null;
        timed(dyn, "capacity/capacity", capacity ? a.capacityAh() : null, assessedAt,
                assessment, !capacity ? noFigure : "remaining capacity, Ah, " + a.method() + " over " + a.segments()
                        + " segments" + (a.uncertaintyPercent() == null ? ""
                        : String.format(Locale.ROOT, ", ±%.1f %% of rated", a.uncertaintyPercent()))
                        + "; the latest assessment, assessed since " + f.firstAssessedAt());
        timed(dyn, "capacity/fade", capacity ? round((rated - a.capacityAh()) / rated * 100) : null, assessedAt,
                assessment, capacity ? "(rated " + num(rated) + " Ah − remaining) / rated, %" : noFigure);
        timedAttribute(dyn, "capacity/throughput", c == null ? null : c.capacityThroughput(), "Ah");
        timedAttribute(dyn, "fullCycles", c == null ? null : c.numberOfFullCycles(), null);
        timedAttribute(dyn, "stateOfCharge", c == null ? null : c.stateOfCharge(), "%");
        Double growth = a == null ? null : a.resistanceGrowthPercent();
        timed(dyn, "resistance/increase/pack", growth, assessedAt, assessment, growth == null ? noFigure
                : "(R − R first assessed) / R first assessed, %, pack, current steps at 25 °C");
        boolean resistance = a != null && a.resistanceMilliohm() != null;
        timed(dyn, "resistance/remaining/pack", resistance ? a.resistanceMilliohm() / 1000 : null, assessedAt,
                assessment, resistance ? "pack DC resistance from current steps at 25 °C, ohm (one-minute resistance)"
                        : noFigure);
        // Attributes voltrace has no evidence for: the declaration's value, with its time, or the export fails.
        for (String p : List.of("resistance/increase/cell", "resistance/remaining/cell", "power/remaining",
                "power/fade", "roundTripEfficiency/remaining", "roundTripEfficiency/fade", "energy/remaining",
                "energy/soce")) {
            timed(dyn, p, null, null, null, null);
        }
        Attribute sd = c == null ? null : c.currentSelfDischargingRate();
        if (sd != null && sd.value() != null) {
            dyn.put("selfDischargingRate", round(sd.value()));
            provenance.add(telemetry, "/performance/dynamic/selfDischargingRate", "%/month: " + sd.basis());
        } else if (dyn.path("selfDischargingRate").isNumber()) {
            provenance.add(declared, "/performance/dynamic/selfDischargingRate", "declared; " + (sd == null ? "no telemetry read"
                            : "not measured: " + sd.unavailableReason()));
        } else {
            missing.add("/performance/dynamic/selfDischargingRate");
        }
        negativeEvents(dyn);
    }

    private void timedAttribute(ObjectNode dyn, String path, Attribute attr, String unit) {
        if (attr != null && attr.value() != null && attr.lastUpdate() != null) {
            timed(dyn, path, attr.value(), attr.lastUpdate(), telemetry, (unit == null ? "" : unit + ", ")
                    + attr.basis());
        } else {
            timed(dyn, path, null, null, null, attr == null ? null : attr.unavailableReason());
        }
    }

    /**
     * Sets {@code /performance/dynamic/<path>} to {value, time} from evidence when there is some (and it is not older
     * than a declared figure); otherwise keeps the declared figure, noting why evidence did not replace it; otherwise
     * records the attribute as missing.
     */
    private void timed(ObjectNode dyn, String path, Double value, String time, Source source, String how) {
        String pointer = "/performance/dynamic/" + path;
        JsonNode declaredNode = dyn.at("/" + path);
        boolean hasDeclared = declaredNode.path("value").isNumber() && declaredNode.path("time").isTextual();
        boolean evidence = value != null && Double.isFinite(value) && time != null && source != null;
        if (evidence && hasDeclared && newer(declaredNode.path("time").asText(), time)) {
            evidence = false; // a declared figure measured after voltrace's evidence stands
            how = "declared figure is newer than voltrace's evidence of " + time;
        }
        if (evidence) {
            ObjectNode target = path(dyn, path);
            target.put("value", round(value));
            target.put("time", time);
            provenance.add(source, pointer, how);
        } else if (hasDeclared) {
            provenance.add(declared, pointer, "declared, as of " + declaredNode.path("time")
                    .asText() + (how == null ? "; voltrace has no evidence for it" : "; no voltrace figure: " + how));
        } else {
            missing.add(pointer);
        }
    }

    private void negativeEvents(ObjectNode dyn) {
        List<ObjectNode> found = new ArrayList<>();
        BatteryCondition c = f.condition();
        if (c != null) {
            for (NegativeEvent e : c.negativeEvents()) {
                found.add(document(cut("Negative event: " + e.negativeEvent()), e.negativeEvent()
                        + (e.lastUpdate() == null ? "" : "; last " + e.lastUpdate())));
            }
        }
        for (EdgeReduction.EventKind e : f.edgeNegativeEvents()) {
            String what = e.kind().toLowerCase(Locale.ROOT).replace('_', ' ');
            found.add(document(cut("Negative event: " + what), String.format(Locale.ROOT,
                    "%s: %d event%s since %s, %s s in all, worst %s (edge, full CAN rate)", what, e.count(),
                    e.count() == 1 ? "" : "s", Instant.ofEpochMilli(e.firstTs()), num(round(e.millis() / 1000.0)),
                    num(round(e.worst())))));
        }
        if (found.isEmpty()) {
            return; // optional in the schema: no evidence, nothing said
        }
        ArrayNode list = array(dyn, "negativeEvents");
        found.forEach(list::add);
        Source src = telemetry != null ? telemetry : new Source("voltrace edge evidence of " + f.code(),
                "Safety Information", "voltrace edge evidence");
        provenance.add(src, "/performance/dynamic/negativeEvents", found.size() + " event record"
                + (found.size() == 1 ? "" : "s") + " from telemetry and edge evidence");
    }

    // --- metadata ---

    private void metadata() {
        ObjectNode m = obj(pass, "metadata");
        if (!m.has("passportIdentifier")) {
            m.put("passportIdentifier", identifier(f.code(), f.declaration()));
            provenance.add(registry, "/metadata/passportIdentifier", "voltrace's name-based UUID of the code");
        }
        if (f.originalCode() != null) {
            m.put("predecessor", identifier(f.originalCode(), f.originalDeclaration()));
            provenance.add(ledger, "/metadata/predecessor", "the passport of the original code "
                    + f.originalCode());
        } else if (!m.has("predecessor")) {
            m.put("predecessor", NO_PREDECESSOR);
            provenance.add(registry, "/metadata/predecessor", "nil UUID: an original battery has no predecessor");
        }
        m.put("lastModification", date(lastChange()));
        provenance.add(registry, "/metadata/lastModification", "newest of the ledger, assessment, telemetry and"
                + " declaration behind this export");
    }

    /** The passport identifier of a code: the declared one, else a UUID derived from the code (stable). */
    static String identifier(String code, PassportDeclaration declaration) {
        if (declaration != null) {
            JsonNode declaredId = declaration.document().at("/metadata/passportIdentifier");
            if (declaredId.isTextual()) {
                return declaredId.asText();
            }
        }
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("voltrace-battery-passport:" + code)
                .getBytes(StandardCharsets.UTF_8));
    }

    private Instant lastChange() {
        Instant last = Instant.EPOCH;
        if (!f.events().isEmpty()) {
            last = max(last, f.events().get(f.events().size() - 1).recordedAt());
        }
        if (f.assessment() != null) {
            last = max(last, f.assessment().assessedAt());
        }
        if (f.declaration() != null) {
            last = max(last, f.declaration().declaredAt());
        }
        if (f.condition() != null && f.condition().observedWindow() != null) {
            last = max(last, Instant.parse(f.condition().observedWindow().toTs()));
        }
        return last.equals(Instant.EPOCH) ? f.battery().registeredAt() : last;
    }

    // --- JSON plumbing ---

    private static ObjectNode document(String header, String content) {
        ObjectNode d = NODES.objectNode();
        d.put("contentType", content.startsWith("http://") || content.startsWith("https://") ? "URL" : "text/plain");
        d.put("header", cut(header));
        d.put("content", content);
        return d;
    }

    private static ObjectNode obj(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(field);
    }

    private static ObjectNode path(ObjectNode root, String path) {
        ObjectNode node = root;
        for (String part : path.split("/")) {
            node = obj(node, part);
        }
        return node;
    }

    private static Optional<LedgerEvent> first(List<LedgerEvent> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).findFirst();
    }

    private static boolean newer(String a, String b) {
        try {
            return java.time.OffsetDateTime.parse(a).toInstant().isAfter(Instant.parse(b));
        } catch (RuntimeException e) {
            return false; // an unreadable declared time does not outrank evidence
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static String chemistryText(Chemistry c) {
        return switch (c) {
            case NMC -> "Nickel Manganese Cobalt (NMC)";
            case LFP -> "Lithium Iron Phosphate (LFP)";
            case LCO -> "Lithium Cobalt Oxide (LCO)";
        };
    }

    private static String date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private static String cut(String s) {
        return s.length() <= 100 ? s : s.substring(0, 99) + "…";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
