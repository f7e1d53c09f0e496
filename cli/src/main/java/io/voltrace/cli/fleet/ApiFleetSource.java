package io.voltrace.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.chemistry.Chemistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fleet read from a running ingest's REST API with a bearer token: the batteries the token may see
 * ({@code /api/v1/batteries}), each one's assessments ({@code /health/history}) and daily telemetry buckets for the
 * charge counters ({@code /telemetry?step=1d}). A token that may not read telemetry (an auditor's) gets the report
 * without cycles.
 */
final class ApiFleetSource implements StoreFleet.Source {
    /** The API's largest page: a battery's first 100,000 assessments (years of hourly ones) and days of telemetry. */
    private static final int MAX_LIMIT = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiFleetSource(String baseUrl, String token) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreFleet.SourceException("--api: '" + baseUrl + "' is not an http(s) URL (e.g. "
                    + "http://127.0.0.1:8080)", true);
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new StoreFleet.SourceException("--api: '" + baseUrl + "' is not an http(s) URL (e.g. "
                    + "http://127.0.0.1:8080)", true);
        }
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public List<StoreFleet.Battery> batteries() {
        List<StoreFleet.Battery> out = new ArrayList<>();
        for (JsonNode b : get("/api/v1/batteries", true)) {
            out.add(new StoreFleet.Battery(b.path("code").asText(),
                    Chemistry.valueOf(b.path("chemistry").asText().toUpperCase(Locale.ROOT)),
                    b.path("nominalAh").asDouble(), b.path("cellsSeries").asInt(),
                    b.path("model").isTextual() ? b.path("model").asText() : null,
                    Instant.parse(b.path("registeredAt").asText())));
        }
        return out;
    }

    @Override
    public List<StoreFleet.Assessment> assessments(String code) {
        List<StoreFleet.Assessment> out = new ArrayList<>();
        for (JsonNode a : get("/api/v1/batteries/" + code + "/health/history?limit=" + MAX_LIMIT, true)
                .path("assessments")) {
            out.add(new StoreFleet.Assessment(Instant.parse(a.path("assessedAt").asText()), number(a, "sohPercent"),
                    number(a, "resistanceGrowthPercent"), a.path("grade").asText()));
        }
        return out;
    }

    @Override
    public List<StoreFleet.Counters> counters(String code) {
        JsonNode body = get("/api/v1/batteries/" + code + "/telemetry?step=1d&limit=" + MAX_LIMIT, false);
        if (body == null) {
            return null;
        }
        List<StoreFleet.Counters> out = new ArrayList<>();
        for (JsonNode b : body.path("buckets")) {
            Double charged = number(b, "ahCharged");
            Double discharged = number(b, "ahDischarged");
            if (charged != null && discharged != null) {
                // A day's bucket holds the counters' last value of that day: they are reached by its end.
                out.add(new StoreFleet.Counters(b.path("ts").asLong() + 86_399_999L, charged, discharged));
            }
        }
        return out;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    /**
     * GETs a path. A 403 is null when {@code required} is false (the token's role may not read it); every other
     * failure throws with what to do.
     */
    private JsonNode get(String path, boolean required) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new StoreFleet.SourceException("cannot reach the ingest at " + base + ": connection refused (is "
                    + "`./voltrace ingest` running there?)", false);
        } catch (HttpTimeoutException e) {
            throw new StoreFleet.SourceException("the ingest at " + base + " did not answer " + path + " in time",
                    false);
        } catch (IOException e) {
            throw new StoreFleet.SourceException("cannot read " + base + path + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreFleet.SourceException("interrupted reading " + base + path, false);
        }
        int status = response.statusCode();
        if (status == 403 && !required) {
            return null;
        }
        if (status == 401) {
            throw new StoreFleet.SourceException("the ingest at " + base + " refused the token (401): give a valid "
                    + "--token (`./voltrace ingest token create --role fleet --org ID`)", true);
        }
        if (status != 200) {
            throw new StoreFleet.SourceException("GET " + path + " answered " + status + ": " + errorOf(response.body()),
                    status == 403 || status == 404);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StoreFleet.SourceException("GET " + path + " answered something that is not JSON: "
                    + e.getMessage(), false);
        }
    }

    private static String errorOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("error").isTextual() ? n.path("error").asText() : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }
}
