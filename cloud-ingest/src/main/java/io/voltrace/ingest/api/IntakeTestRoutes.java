package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.analytics.intake.BenchFormat;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.recycler.IntakeSubmission;
import io.voltrace.ingest.recycler.IntakeTestRecord;
import io.voltrace.ingest.recycler.IntakeTests;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Issue #14: a recycler's intake tests and triages of a battery. {@code POST /api/v1/batteries/{code}/intake-tests}
 * takes the JSON report of {@code voltrace intake test} ({@code kind} test), a line of {@code voltrace triage
 * estimate} ({@code kind} triage), or, with {@code ?format=}, a bench file as the raw body, which the service
 * analyses. Each becomes an {@code intake_test} ledger event; the battery is then reassessed, and its grading uses the
 * tested capacity (or the triage) and says so. Recorded by the recycler holding the battery or the one it is offered
 * to, or an administrator for a recycler; read by whoever may see the battery, and by the recycler it is offered to.
 */
final class IntakeTestRoutes {
    static final String PATH = "/api/v1/batteries/:code/intake-tests";
    /** A day of a bench logging every second is a few MB; a long workbook tens. */
    static final int MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
    /** The form field that holds the bench file in a multipart/form-data upload. */
    static final String FILE_PART = "file";

    private final RestApi api;
    private final Registry registry;
    private final Ledger ledger;
    private final IntakeTests tests;
    private final Supplier<Function<String, HealthAssessment>> assessNow;
    private final Clock clock;

    IntakeTestRoutes(RestApi api, Registry registry, Ledger ledger,
                     Supplier<Function<String, HealthAssessment>> assessNow, Clock clock) {
        this.api = api;
        this.registry = registry;
        this.ledger = ledger;
        this.tests = new IntakeTests(ledger, registry.dataSource());
        this.assessNow = assessNow;
        this.clock = clock;
    }

    void register(Router r) {
        r.post(PATH).handler(this::record);
        r.get(PATH).handler(this::list);
    }

    private void record(RoutingContext ctx) {
        Principal p = BearerAuth.require(ctx, Role.ADMIN, Role.RECYCLER);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            String formatParam = ctx.request().getParam("format");
            String contentType = ctx.request().getHeader("Content-Type");
            boolean upload = formatParam != null
                    || (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"));
            JsonNode body;
            BenchFormat format = null;
            Buffer raw = ctx.body().buffer();
            FileUpload part = isMultipart(ctx) ? filePart(ctx) : null;
            String partName = part == null ? null : part.fileName();
            if (upload) {
                try {
                    format = BenchFormat.parse(formatParam == null ? "auto" : formatParam);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                if (part != null ? part.size() == 0 : raw == null || raw.length() == 0) {
                    throw ApiException.badRequest(partName != null ? "the form's file part '" + partName
                            + "' is empty" : "the bench file is the body: none was sent");
                }
                ObjectNode q = JsonNodeFactory.instance.objectNode(); // who and when come from the query
                for (String f : List.of("actorOrg", "occurredAt")) {
                    String v = ctx.request().getParam(f);
                    if (v != null) {
                        q.put(f, v);
                    }
                }
                body = q;
            } else {
                if (raw != null && raw.length() > RestApi.MAX_BODY_BYTES) {
                    throw new ApiException(413, "a JSON report is at most " + RestApi.MAX_BODY_BYTES + " bytes; send"
                            + " the bench file itself with ?format= instead");
                }
                body = RestApi.body(ctx);
            }
            String actor = LedgerRequests.actor(p, body);
            Instant at = LedgerRequests.occurredAt(body, clock);
            String kind = upload ? "file" : kind(body);
            String given = ctx.request().getParam("filename");
            String fileName = upload ? fileName(given == null ? partName : given, format) : null;
            Double cutoff = optionalNumber(ctx, "cutoffVolts");
            Double charge = optionalNumber(ctx, "chargeVolts");
            Double pulse = optionalNumber(ctx, "pulseSeconds");
            BenchFormat f = format;
            api.blocking(ctx, 201, () -> {
                BatteryRecord battery = mayRecord(p, code, actor);
                IntakeSubmission s;
                try {
                    s = switch (kind) {
                        case "test" -> IntakeSubmission.ofTestReport(battery, body);
                        case "triage" -> IntakeSubmission.ofTriage(battery, body);
                        default -> analyse(battery, part == null ? raw : readPart(part), fileName, f, cutoff,
                                charge, pulse == null ? 10 : pulse);
                    };
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                IntakeTestRecord rec = tests.record(code, actor, at, s);
                Function<String, HealthAssessment> assess = assessNow.get();
                HealthAssessment a = assess == null ? null : assess.apply(code);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("test", view(rec));
                out.put("assessment", a == null ? null : Views.assessment(a));
                return out;
            });
        });
    }

    /** A browser form's upload: the file is the one part named {@value #FILE_PART}, the other fields as the query's. */
    static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Whether the request's Content-Length already says it is over {@link #MAX_UPLOAD_BYTES}. */
    static boolean announcesTooMuch(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        try {
            return length != null && Long.parseLong(length.trim()) > MAX_UPLOAD_BYTES;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    static boolean hasBoundary(RoutingContext ctx) {
        return ctx.request().getHeader("Content-Type").toLowerCase(Locale.ROOT).matches(".*;\\s*boundary=\\S+.*");
    }

    /** Whether this request is to the upload route (its body limit is {@link #MAX_UPLOAD_BYTES}). */
    static boolean isUpload(RoutingContext ctx) {
        return ctx.request().method() == io.vertx.core.http.HttpMethod.POST
                && ctx.request().path().matches("/api/v1/batteries/[^/]+/intake-tests/?");
    }

    /** Where multipart file parts are streamed while a request lasts: private to this process, made on first use. */
    static String uploadsDirectory() {
        try {
            return Files.createTempDirectory("voltrace-uploads-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for uploaded bench files: " + e.getMessage(), e);
        }
    }

    private static FileUpload filePart(RoutingContext ctx) {
        List<FileUpload> parts = ctx.fileUploads();
        List<FileUpload> named = parts.stream().filter(f -> FILE_PART.equals(f.name())).toList();
        if (named.size() != 1) {
            throw ApiException.badRequest("a multipart/form-data upload needs exactly one file part named '"
                    + FILE_PART + "', it has " + named.size() + (parts.size() > named.size() ? " (other file parts: "
                    + parts.stream().map(FileUpload::name).filter(n -> !FILE_PART.equals(n)).toList() + ")" : ""));
        }
        return named.get(0);
    }

    private static Buffer readPart(FileUpload part) {
        try {
            // On a worker thread; the part is deleted when the answer has been sent.
            return Buffer.buffer(Files.readAllBytes(Path.of(part.uploadedFileName())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file part '" + part.fileName() + "': "
                    + e.getMessage(), e);
        }
    }

    private void list(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                BatteryRecord b = registry.battery(code).orElse(null);
                boolean offered = b != null && p.role() == Role.RECYCLER
                        && p.orgId().equals(ledger.state(code).pendingTo());
                if (b == null || !(BatteryAccess.canSee(p, b) || offered)) {
                    throw notVisible(p, code);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("battery", code);
                out.put("tests", tests.list(code).stream().map(IntakeTestRoutes::view).toList());
                return out;
            });
        });
    }

    /**
     * The battery, when the caller may record on it: an administrator, or the recycler holding it or offered it
     * (the ledger checks custody again as it appends).
     */
    private BatteryRecord mayRecord(Principal p, String code, String actor) {
        BatteryRecord b = registry.battery(code).orElseThrow(() -> notVisible(p, code));
        if (p.role() == Role.ADMIN) {
            return b;
        }
        boolean holds = actor.equals(b.custodianOrg());
        boolean offered = actor.equals(ledger.state(code).pendingTo());
        if (!holds && !offered) {
            throw notVisible(p, code);
        }
        return b;
    }

    private static ApiException notVisible(Principal p, String code) {
        return ApiException.notFound("battery " + code + " is not registered"
                + (p.role() == Role.ADMIN ? "" : " or not held by or offered to this token's organisation"));
    }

    private static IntakeSubmission analyse(BatteryRecord battery, Buffer raw, String fileName, BenchFormat format,
                                            Double cutoff, Double charge, double pulse) {
        Path tmp = null;
        Path file = null;
        try {
            // Under its own name in a private directory: the readers detect by it and name problems by it.
            tmp = Files.createTempDirectory("voltrace-intake-");
            file = tmp.resolve(fileName);
            Files.write(file, raw.getBytes());
            return IntakeSubmission.ofFile(battery, file, fileName, format, cutoff, charge, pulse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded file for analysis: " + e.getMessage(), e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // left behind in the temp directory, which the system clears
            }
        }
    }

    /** The kind of a JSON submission: stated, or known by its fields. */
    private static String kind(JsonNode body) {
        String kind = Params.text(body, "kind", false);
        if (kind == null) {
            if (body.has("residualAh")) {
                return "test";
            }
            if (body.has("soh")) {
                return "triage";
            }
            throw ApiException.badRequest("field 'kind' is required (test: the report of voltrace intake test; "
                    + "triage: a line of voltrace triage estimate), or send a bench file with ?format=");
        }
        if (!kind.equals("test") && !kind.equals("triage")) {
            throw ApiException.badRequest("field 'kind' must be test or triage, was '" + kind + "'");
        }
        return kind;
    }

    /** The uploaded file's name for the record and for format detection: letters, digits, '.', '-', '_' only. */
    private static String fileName(String given, BenchFormat format) {
        String name = given == null ? "" : given.replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.startsWith(".")) {
            name = "upload" + name; // never "..": the file is written under this name
        }
        if (name.isBlank() || name.length() > 120) {
            name = "upload" + switch (format) {
                case BIOLOGIC_MPT -> ".mpt";
                case ARBIN_XLSX, NEWARE_XLSX -> ".xlsx";
                case ARBIN_XLS, NEWARE_XLS -> ".xls";
                default -> ".csv";
            };
        }
        return name;
    }

    private static Double optionalNumber(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || !Double.isFinite(d)) {
                throw ApiException.badRequest("parameter '" + name + "' must be a positive number, was '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number, was '" + v + "'");
        }
    }

    static Map<String, Object> view(IntakeTestRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", r.battery());
        m.put("seq", r.seq());
        m.put("kind", r.kind() == io.voltrace.analytics.grading.IntakeEvidence.Kind.TRIAGED ? "triage" : "test");
        m.put("capacityAh", r.capacityAh());
        m.put("sohPercent", r.sohPercent());
        m.put("sigmaPercent", r.sigmaPercent());
        m.put("source", r.source());
        m.put("recordedBy", r.recordedBy());
        m.put("occurredAt", r.occurredAt().toString());
        m.put("reportSha256", r.reportSha256());
        m.put("report", r.report());
        return m;
    }
}
