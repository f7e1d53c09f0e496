package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.testing.TestRegistries;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the router describe the same API: every route is documented, and nothing else. */
class OpenApiDocumentTest {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
        JsonNode doc;
        try (InputStream in = RestApi.class.getResourceAsStream(RestApi.OPENAPI_RESOURCE)) {
            doc = new ObjectMapper().readTree(in);
        }
        assertThat(doc.get("openapi").asText()).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        Set<String> operationIds = new TreeSet<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            JsonNode item = doc.get("paths").get(path);
            for (Iterator<String> ms = item.fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                assertThat(METHODS).as("%s %s", method, path).contains(method);
                JsonNode op = item.get(method);
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                assertThat(operationIds.add(op.get("operationId").asText())).as("unique operationId").isTrue();
                assertThat(op.get("responses").size()).as("%s %s has responses", method, path).isPositive();
                // Every {param} in the path is declared as a path parameter.
                Matcher m = Pattern.compile("\\{(\\w+)}").matcher(path);
                while (m.find()) {
                    String name = m.group(1);
                    boolean declared = false;
                    for (JsonNode p : op.path("parameters")) {
                        declared |= p.get("in").asText().equals("path") && p.get("name").asText().equals(name);
                    }
                    assertThat(declared).as("%s %s declares {%s}", method, path, name).isTrue();
                }
                // Protected operations document the 401; open ones say security: [].
                boolean open = op.has("security") && op.get("security").isEmpty();
                assertThat(open || op.get("responses").has("401")).as("%s %s documents 401", method, path).isTrue();
            }
        }
        // Every $ref resolves.
        Matcher refs = Pattern.compile("\"#/components/schemas/(\\w+)\"").matcher(doc.toString());
        while (refs.find()) {
            assertThat(doc.get("components").get("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
        }

        Set<String> routed = new TreeSet<>();
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            Vertx vertx = Vertx.vertx();
            try (Readiness readiness = new Readiness(Duration.ofSeconds(1))) {
                RestApi api = new RestApi(vertx, db.registry(), null, new IngestMetrics(), readiness);
                api.routeTable().forEach(e -> routed.add(e.getKey().name() + " "
                        + e.getValue().replaceAll(":(\\w+)", "{$1}")));
            } finally {
                vertx.close().await();
            }
        }
        assertThat(routed).hasSizeGreaterThanOrEqualTo(20);
        assertThat(documented).isEqualTo(routed);
    }
}
