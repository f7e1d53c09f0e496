package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 end to end through the API of a running ingest: a fleet offers a battery with no telemetry to a
 * recycler; the recycler records a pulse triage, then uploads a bench file the service analyses; the grading uses
 * the latest one and says so, each is an intake_test event in the battery's ledger and the chain verifies. The ingest
 * is restarted in between: what was recorded is all still there and still used. Who may record and read is checked.
 */
class IntakeTestApiTest {
    static final String A = "VTRPE96DEMO001T5C0000001"; // acme's, offered to green
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    IngestService ingest;
    IngestConfig config;
    final Map<String, String> token = new HashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        config = IngestConfig.embedded(dir, io.voltrace.testing.Ports.free(), 0);
        ingest = IngestService.start(config);
        Registry registry = ingest.registry();
        Instant t0 = Instant.now().minus(Duration.ofDays(30));
        for (String[] org : new String[][] {{"acme", "FLEET"}, {"other", "FLEET"}, {"maker", "MANUFACTURER"},
                {"green", "RECYCLER"}, {"blue", "RECYCLER"}}) {
            registry.createOrganisation(new Organisation(org[0], org[0], OrganisationKind.valueOf(org[1]), t0));
        }
        registry.registerDevice("veh-1", "s".toCharArray());
        registry.registerBattery(new BatteryRecord(A, "veh-1", Chemistry.NMC, 60, 96, "VT 60", t0, "acme", null));
        Ledger ledger = new Ledger(registry, Clock.systemUTC());
        ledger.append(new NewEvent(A, EventType.PRODUCTION, t0, "maker", Map.of()));
        ledger.append(new NewEvent(A, EventType.TRANSFER_INITIATED, t0.plusSeconds(60), "maker", Map.of("to", "acme")));
        ledger.append(new NewEvent(A, EventType.TRANSFER_ACCEPTED, t0.plusSeconds(120), "acme", Map.of()));
        ledger.append(new NewEvent(A, EventType.TRANSFER_INITIATED, t0.plusSeconds(180), "acme",
                Map.of("to", "green", "purpose", "retirement")));
        ApiTokens tokens = new ApiTokens(registry);
        token.put("admin", tokens.issue(Role.ADMIN, null, null, null).token());
        token.put("auditor", tokens.issue(Role.AUDITOR, null, null, null).token());
        token.put("acme", tokens.issue(Role.FLEET, "acme", null, null).token());
        token.put("other", tokens.issue(Role.FLEET, "other", null, null).token());
        token.put("green", tokens.issue(Role.RECYCLER, "green", null, null).token());
        token.put("blue", tokens.issue(Role.RECYCLER, "blue", null, null).token());
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
    }

    record Reply(int status, JsonNode json) {
    }

    Reply call(String who, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl() + path))
                .header("Authorization", "Bearer " + token.get(who));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    Reply postJson(String who, Object body) throws Exception {
        return call(who, "POST", "/api/v1/batteries/" + A + "/intake-tests", "application/json",
                JSON.writeValueAsString(body));
    }

    Reply upload(String who, String query, String text) throws Exception {
        return call(who, "POST", "/api/v1/batteries/" + A + "/intake-tests?" + query, "application/octet-stream",
                text);
    }

    Reply upload(String who, String query, byte[] file) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl() + "/api/v1/batteries/" + A
                        + "/intake-tests?" + query)).header("Authorization", "Bearer " + token.get(who))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build();
        HttpResponse<String> reply = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(reply.statusCode(), JSON.readTree(reply.body()));
    }

    /**
     * The test of {@link #mpt} as Neware BTSDA's binary Excel export: a {@code Detail_…} sheet, current in mA and
     * unsigned (the step type gives the direction), {@code Total Time} a duration cell.
     */
    static byte[] newareXls(int dischargeSeconds) throws java.io.IOException {
        try (var wb = new org.apache.poi.hssf.usermodel.HSSFWorkbook();
             var out = new java.io.ByteArrayOutputStream()) {
            var duration = wb.createCellStyle();
            duration.setDataFormat(wb.createDataFormat().getFormat("[h]:mm:ss"));
            var sheet = wb.createSheet("Detail_67_1_1");
            var header = sheet.createRow(0);
            String[] names = {"Record ID", "Step Index", "Step Type", "Total Time", "Current(mA)", "Voltage(V)"};
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            List<String> lines = mpt(dischargeSeconds).lines().skip(5).toList();
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).replace(',', '.').split("\t");
                double ma = Double.parseDouble(f[6]);
                var row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(i + 1);
                row.createCell(1).setCellValue(Integer.parseInt(f[3]));
                row.createCell(2).setCellValue(ma > 0 ? "CCCV_Chg" : ma < 0 ? "CC_DChg" : "Rest");
                var t = row.createCell(3);
                t.setCellValue(Double.parseDouble(f[4]) / 86_400);
                t.setCellStyle(duration);
                row.createCell(4).setCellValue(Math.abs(ma));
                row.createCell(5).setCellValue(Double.parseDouble(f[5]));
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    Reply list(String who) throws Exception {
        return call(who, "GET", "/api/v1/batteries/" + A + "/intake-tests", null, null);
    }

    /**
     * An EC-Lab text export (as the EC-Lab manual lays it out) of a GB/T 34015 residual-capacity test of cells at 30 A:
     * CC-CV charge to 4.2 V, 30 min rest, CC discharge to 2.5 V for {@code dischargeSeconds}, rest.
     */
    static String mpt(int dischargeSeconds) {
        StringBuilder rows = new StringBuilder();
        int t = 0;
        for (; t <= 3600; t += 10) {
            rows.append(line(1, t, 3.6 + 0.6 * t / 3600.0, 30_000));
        }
        for (int i = 1; i <= 60; i++, t += 10) {
            rows.append(line(1, t, 4.2, 30_000 * Math.exp(-i / 15.0)));
        }
        for (int i = 0; i < 180; i++, t += 10) {
            rows.append(line(2, t, 4.15, 0));
        }
        int start = t;
        for (; t <= start + dischargeSeconds; t += 10) {
            rows.append(line(3, t, 4.05 - 1.55 * (t - start) / (double) dischargeSeconds, -30_000));
        }
        for (int i = 0; i < 60; i++, t += 10) {
            rows.append(line(4, t, 3.3, 0));
        }
        return "EC-Lab ASCII FILE\r\nNb header lines : 5\r\n\r\nGalvanostatic Cycling with Potential Limitation\r\n"
                + "mode\tox/red\terror\tNs\ttime/s\tEwe/V\tI/mA\t(Q-Qo)/mA.h\tcycle number\r\n" + rows;
    }

    private static String line(int ns, int t, double volts, double milliamps) {
        // EC-Lab on a European locale: decimal commas
        return String.format(Locale.GERMANY, "%d\t1\t0\t%d\t%.6E\t%.6E\t%.6E\t0\t0%n", milliamps == 0 ? 3 : 1, ns,
                (double) t, volts, milliamps);
    }

    @Test
    void aRecyclerTriagesThenTestsAnOfferedBatteryAndTheGradingUsesTheTestWithItsReason() throws Exception {
        // 1. The recycler it is offered to records a triage (a line of voltrace triage estimate) before taking it.
        Map<String, Object> triage = new LinkedHashMap<>();
        triage.put("id", "PACK-7");
        triage.put("soc", 50);
        triage.put("soh", 74.6);
        triage.put("uncertainty", 1.1);
        triage.put("grade", "REUSE_B");
        triage.put("model", "nmc60-v1.json");
        Reply t = postJson("green", triage);
        assertThat(t.status()).as(t.json().toString()).isEqualTo(201);
        assertThat(t.json().at("/test/kind").asText()).isEqualTo("triage");
        assertThat(t.json().at("/test/sohPercent").asDouble()).isEqualTo(74.6);
        assertThat(t.json().at("/test/recordedBy").asText()).isEqualTo("green");
        assertThat(reasons(t.json().get("assessment"))).contains("triage estimate from the pulse triage (model "
                + "nmc60-v1.json) used: no telemetry estimate");
        assertThat(t.json().at("/assessment/sohPercent").asDouble()).isEqualTo(74.6);

        // 2. Its bench file, analysed by the service: 30 A for 6,120 s is 51 Ah of 60, SOH 85 %.
        Reply b = upload("green", "format=auto&filename=pack7.mpt", mpt(6120));
        assertThat(b.status()).as(b.json().toString()).isEqualTo(201);
        JsonNode test = b.json().get("test");
        assertThat(test.get("kind").asText()).isEqualTo("test");
        assertThat(test.get("source").asText()).isEqualTo("pack7.mpt");
        assertThat(test.get("capacityAh").asDouble()).isBetween(50.9, 51.1);
        assertThat(test.at("/report/format").asText()).isEqualTo("biologic-mpt");
        assertThat(test.at("/report/discharges")).hasSize(1);
        JsonNode a = b.json().get("assessment");
        assertThat(a.get("sohPercent").asDouble()).isBetween(84.8, 85.2);
        assertThat(reasons(a)).anySatisfy(r -> assertThat(r)
                .startsWith("tested capacity from the bench intake test (GB/T 34015 residual capacity, pack7.mpt)"));
        assertThat(reasons(a)).anySatisfy(r -> assertThat(r).startsWith("capacity 51.0").contains("pack7.mpt"));

        // 3. Both are intake_test events of the battery's ledger, which verifies.
        Reply events = call("admin", "GET", "/api/v1/ledger/" + A, null, null);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get("events").findValuesAsText("type")).containsSubsequence("transfer_initiated",
                "intake_test", "intake_test");
        Ledger ledger = new Ledger(ingest.registry(), Clock.systemUTC());
        assertThat(ledger.verify(A).intact()).isTrue();
        LedgerEvent last = ledger.events(A).get(ledger.events(A).size() - 1);
        assertThat(last.detail("reportSha256")).isEqualTo(test.get("reportSha256").asText());

        // 4. Restart the ingest: both are listed, and a new assessment still grades from the test.
        ingest.close();
        ingest = IngestService.start(config);
        Reply listed = list("green");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("tests")).hasSize(2);
        assertThat(listed.json().at("/tests/0/kind").asText()).isEqualTo("triage");
        assertThat(listed.json().at("/tests/1/report/procedure/nominalAh").asDouble()).isEqualTo(60.0);
        Reply again = call("admin", "POST", "/api/v1/batteries/" + A + "/assessments", "application/json", "{}");
        assertThat(again.status()).as(again.json().toString()).isEqualTo(201);
        assertThat(reasons(again.json())).anySatisfy(r -> assertThat(r).startsWith("tested capacity from the bench"));
        // A triage recorded after the bench test is kept, but the measurement still decides.
        Reply later = postJson("green", Map.of("kind", "triage", "soh", 70.0, "uncertainty", 2.0));
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.json().at("/assessment/sohPercent").asDouble()).isBetween(84.8, 85.2);
        assertThat(list("green").json().get("tests")).hasSize(3);
        assertThat(new Ledger(ingest.registry(), Clock.systemUTC()).verify(A).intact()).isTrue();

        // 5. A report altered in the store is no longer served as the one the ledger vouches for.
        try (Connection c = ingest.registry().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE intake_test_report SET report = '{\"residualAh\": 59}' WHERE kind = 'test'");
        }
        assertThat(list("admin").json().at("/tests/1/report").isNull()).isTrue();
    }

    @Test
    void onlyTheRecyclerHoldingOrOfferedTheBatteryOrAnAdministratorRecordsAndBadInputIsNamed() throws Exception {
        Map<String, Object> triage = Map.of("soh", 82.0, "uncertainty", 0.8, "soc", 40);
        assertThat(postJson("blue", triage).status()).isEqualTo(404); // not offered to blue: not disclosed
        assertThat(postJson("acme", triage).status()).isEqualTo(403); // a fleet never records a recycler's test
        assertThat(postJson("auditor", triage).status()).isEqualTo(403);
        Reply noActor = postJson("admin", triage);
        assertThat(noActor.status()).isEqualTo(400);
        assertThat(noActor.json().get("error").asText()).contains("actorOrg");
        Map<String, Object> forBlue = new HashMap<>(triage);
        forBlue.put("actorOrg", "blue"); // an administrator for a recycler the battery is not offered to
        assertThat(postJson("admin", forBlue).status()).isEqualTo(409);
        Map<String, Object> forGreen = new HashMap<>(triage);
        forGreen.put("actorOrg", "green");
        assertThat(postJson("admin", forGreen).status()).isEqualTo(201);

        Reply noSigma = postJson("green", Map.of("kind", "triage", "soh", 82.0));
        assertThat(noSigma.status()).isEqualTo(400);
        assertThat(noSigma.json().get("error").asText()).isEqualTo("field 'uncertainty' is required");
        Reply wrongRating = postJson("green", Map.of("kind", "test", "residualAh", 1.0,
                "procedure", Map.of("nominalAh", 1.1)));
        assertThat(wrongRating.status()).isEqualTo(400);
        assertThat(wrongRating.json().get("error").asText()).contains("procedure.nominalAh").contains("60 Ah");
        Reply notMpt = upload("green", "format=biologic-mpt&filename=x.mpt", "time/s\tEwe/V\n");
        assertThat(notMpt.status()).isEqualTo(400);
        assertThat(notMpt.json().get("error").asText()).startsWith("x.mpt:1: not an EC-Lab ASCII export");
        Reply noDischarge = upload("green", "filename=short.mpt", mpt(6120).substring(0, 4000));
        assertThat(noDischarge.status()).isEqualTo(400);
        assertThat(noDischarge.json().get("error").asText()).startsWith("short.mpt: no residual-capacity discharge");
        Reply badFormat = upload("green", "format=maccor", "x");
        assertThat(badFormat.json().get("error").asText()).startsWith("format must be one of auto, csv");

        // Reading: whoever sees the battery (its fleet, auditors), and the recycler it is offered to.
        assertThat(list("acme").json().get("tests")).hasSize(1);
        assertThat(list("auditor").status()).isEqualTo(200);
        assertThat(list("green").status()).isEqualTo(200);
        assertThat(list("other").status()).isEqualTo(404);
        assertThat(list("blue").status()).isEqualTo(404);
    }

    /** The same bench test as a Neware .xls, uploaded as raw bytes: the same capacity; a damaged one is named. */
    @Test
    void aNewareXlsUploadIsAnalysedAsItsTextAndADamagedOneIsNamed() throws Exception {
        byte[] xls = newareXls(6120);
        Reply ok = upload("green", "filename=pack7.xls", xls);
        assertThat(ok.status()).as(ok.json().toString()).isEqualTo(201);
        assertThat(ok.json().at("/test/source").asText()).isEqualTo("pack7.xls");
        assertThat(ok.json().at("/test/report/format").asText()).isEqualTo("neware-xls");
        assertThat(ok.json().at("/test/capacityAh").asDouble()).isBetween(50.9, 51.1);
        Reply unnamed = upload("green", "format=neware-xls", xls);
        assertThat(unnamed.status()).as(unnamed.json().toString()).isEqualTo(201);
        assertThat(unnamed.json().at("/test/source").asText()).isEqualTo("upload.xls");

        Reply cut = upload("green", "filename=cut.xls", java.util.Arrays.copyOf(xls, xls.length / 2));
        assertThat(cut.status()).isEqualTo(400);
        assertThat(cut.json().get("error").asText()).startsWith("cut.xls: not a readable .xls workbook");
        assertThat(list("green").json().get("tests")).hasSize(2);
    }

    /**
     * The upload route takes up to 32 MiB: a caller without a valid token is refused before its body is read. The
     * request announces 30 MB and sends 1 kB; before the fix the service waited for the rest of the body and never
     * answered, so the read timed out.
     */
    @Test
    void anUploadWithoutAValidTokenIsRefusedBeforeItsBodyIsRead() throws Exception {
        java.net.URI api = URI.create(ingest.apiBaseUrl());
        for (String authorization : new String[] {"", "Authorization: Bearer not-a-token\r\n"}) {
            try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
                socket.setSoTimeout(60_000);
                String head = "POST /api/v1/batteries/" + A + "/intake-tests?format=biologic-mpt HTTP/1.1\r\n"
                        + "Host: " + api.getHost() + "\r\n" + authorization
                        + "Content-Type: application/octet-stream\r\nContent-Length: 30000000\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(new byte[1024]);
                socket.getOutputStream().flush();
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as("status line with '%s'", authorization.trim()).startsWith("HTTP/1.1 401");
            }
        }
    }

    /** A multipart/form-data body as a browser's form sends it: text fields, then file parts (name, file, bytes). */
    static byte[] multipart(String boundary, Map<String, String> fields, String[][] files) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        for (String[] f : files) {
            b.append("--").append(boundary).append("\r\n").append("Content-Disposition: form-data; name=\"")
                    .append(f[0]).append("\"; filename=\"").append(f[1]).append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n").append(f[2]).append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    Reply postMultipart(String who, String query, String contentType, byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl() + "/api/v1/batteries/" + A
                        + "/intake-tests" + query))
                .header("Authorization", "Bearer " + token.get(who)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body()));
    }

    /**
     * A browser form's upload (multipart/form-data): the file part is analysed under its own file name, the form's
     * other fields act as the query's; a form without the one file part, an empty part, a malformed body or one above
     * the limit is refused with the reason.
     */
    @Test
    void aBrowserFormUploadsTheBenchFileAsMultipartFormData() throws Exception {
        String boundary = "----voltraceFormBoundary7MA4YWxkTrZu0gW";
        String type = "multipart/form-data; boundary=" + boundary;
        Reply ok = postMultipart("green", "", type, multipart(boundary, Map.of("format", "auto"),
                new String[][] {{"file", "bench 7.mpt", mpt(6120)}}));
        assertThat(ok.status()).as(ok.json().toString()).isEqualTo(201);
        assertThat(ok.json().at("/test/source").asText()).isEqualTo("bench_7.mpt");
        assertThat(ok.json().at("/test/capacityAh").asDouble()).isBetween(50.9, 51.1);
        assertThat(ok.json().at("/test/report/format").asText()).isEqualTo("biologic-mpt");
        assertThat(ok.json().at("/assessment/sohPercent").asDouble()).isBetween(84.8, 85.2);

        Reply noFile = postMultipart("green", "", type, multipart(boundary, Map.of("format", "auto"),
                new String[][] {{"upload", "x.mpt", mpt(6120)}}));
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().get("error").asText()).isEqualTo("a multipart/form-data upload needs exactly one "
                + "file part named 'file', it has 0 (other file parts: [upload])");
        Reply two = postMultipart("green", "", type, multipart(boundary, Map.of(),
                new String[][] {{"file", "a.mpt", mpt(6120)}, {"file", "b.mpt", mpt(6120)}}));
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.json().get("error").asText()).contains("exactly one file part named 'file', it has 2");
        Reply empty = postMultipart("green", "", type, multipart(boundary, Map.of(),
                new String[][] {{"file", "e.mpt", ""}}));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).isEqualTo("the form's file part 'e.mpt' is empty");
        Reply badFormat = postMultipart("green", "", type, multipart(boundary, Map.of("format", "maccor"),
                new String[][] {{"file", "m.mpt", mpt(6120)}}));
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().get("error").asText()).startsWith("format must be one of auto, csv");
        Reply malformed = postMultipart("green", "", "multipart/form-data", multipart(boundary, Map.of(),
                new String[][] {{"file", "m.mpt", mpt(6120)}}));
        assertThat(malformed.status()).as(malformed.json().toString()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).contains("multipart").contains("boundary");
        Reply garbage = postMultipart("green", "", type, "not a form at all".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(garbage.status()).as(garbage.json().toString()).isEqualTo(400);

        assertThat(list("green").json().get("tests")).hasSize(1);

        // A form announced above the limit is refused before its body is read (1 kB of it is sent, then the reply).
        java.net.URI api = URI.create(ingest.apiBaseUrl());
        try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(60_000);
            String head = "POST /api/v1/batteries/" + A + "/intake-tests HTTP/1.1\r\nHost: " + api.getHost()
                    + "\r\nAuthorization: Bearer " + token.get("green") + "\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + (IntakeTestRoutes.MAX_UPLOAD_BYTES + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(multipart(boundary, Map.of(), new String[][] {{"file", "big.csv", "1"}}));
            socket.getOutputStream().flush();
            assertRefusedAsTooLarge(socket.getInputStream());
        }
    }

    /**
     * A form sent chunked announces no length, so only the body handler's count can stop it: 33 MiB of file part
     * (above the 32 MiB limit) is refused with 413 and the reason, no intake test or ledger event is recorded, and
     * no part of the file is left in the upload directory.
     */
    @Test
    void aChunkedFormAboveTheLimitIsRefusedAndNothingIsStored() throws Exception {
        String boundary = "----voltraceChunked";
        int eventsBefore = new Ledger(ingest.registry(), Clock.systemUTC()).events(A).size();
        java.net.URI api = URI.create(ingest.apiBaseUrl());
        try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(120_000);
            java.io.OutputStream out = socket.getOutputStream();
            String head = "POST /api/v1/batteries/" + A + "/intake-tests HTTP/1.1\r\nHost: " + api.getHost()
                    + "\r\nAuthorization: Bearer " + token.get("green") + "\r\nContent-Type: multipart/form-data; "
                    + "boundary=" + boundary + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // The writer runs beside the reader: the service may answer before the last chunk is sent.
            Thread writer = new Thread(() -> {
                try {
                    chunk(out, ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                            + "filename=\"huge.csv\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                    byte[] rows = "0,3.70,1.00\n".repeat(65536 / 12).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    for (long sent = 0; sent <= IntakeTestRoutes.MAX_UPLOAD_BYTES + (1 << 20); sent += rows.length) {
                        chunk(out, rows);
                    }
                    chunk(out, ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException e) {
                    // the service may close the connection once it has answered: the reply is what is checked
                }
            });
            writer.start();
            assertRefusedAsTooLarge(socket.getInputStream());
            socket.close(); // unblocks the writer if the service stopped reading
            writer.join(60_000);
        }
        assertThat(list("green").json().get("tests")).isEmpty();
        assertThat(new Ledger(ingest.registry(), Clock.systemUTC()).events(A)).hasSize(eventsBefore);
        // The partial file is deleted when the refusal is sent, asynchronously: give it a few seconds.
        Path uploads = ingest.uploadsDirectory();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (leftIn(uploads) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(leftIn(uploads)).as("files left in %s", uploads).isZero();
    }

    private static void chunk(java.io.OutputStream out, byte[] data) throws java.io.IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static long leftIn(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.count();
        }
    }

    private static java.util.List<String> reasons(JsonNode assessment) {
        java.util.List<String> out = new java.util.ArrayList<>();
        assessment.get("reasons").forEach(r -> out.add(r.asText()));
        return out;
    }

    /** Reads a raw HTTP reply: 413, with the upload limit as its JSON error. */
    private static void assertRefusedAsTooLarge(java.io.InputStream reply) throws Exception {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(reply,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(in.readLine()).startsWith("HTTP/1.1 413");
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        char[] json = new char[length];
        for (int n = 0; n < length; ) {
            n += in.read(json, n, length - n);
        }
        assertThat(JSON.readTree(new String(json)).get("error").asText()).isEqualTo("request body larger than "
                + IntakeTestRoutes.MAX_UPLOAD_BYTES + " bytes (a bench file)");
    }
}
