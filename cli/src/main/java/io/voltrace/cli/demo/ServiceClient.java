package io.voltrace.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo's view of the running service: its REST API with a bearer token, as any client would use it. */
final class ServiceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServiceClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Asks the service to assess a battery now ({@code POST /assessments}); the new assessment. */
    JsonNode assess(String code) throws IOException, InterruptedException {
        return send("POST", "/api/v1/batteries/" + code + "/assessments", 201);
    }

    /** The battery's latest assessment as the API serves it ({@code GET /health}). */
    JsonNode health(String code) throws IOException, InterruptedException {
        return send("GET", "/api/v1/batteries/" + code + "/health", 200);
    }

    private JsonNode send(String method, String path, int expected) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + base + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
