package io.voltrace.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator docs against what they describe: the API table against the served OpenAPI document. */
class DocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z]+)` \\| `(/[^`]*)` \\|", Pattern.MULTILINE);

    private static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("no docker-compose.yml above the working directory").isNotNull();
        return dir;
    }

    @Test
    void apiDocListsExactlyTheEndpointsOfTheOpenApiDocument() throws IOException {
        Path repo = repo();
        JsonObject spec = new JsonObject(Files.readString(
                repo.resolve("cloud-ingest/src/main/resources/io/voltrace/ingest/api/openapi.json")));
        Set<String> served = new LinkedHashSet<>();
        JsonObject paths = spec.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                served.add(method.toUpperCase() + " " + path);
            }
        }
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = ROW.matcher(Files.readString(repo.resolve("docs/api.md")));
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        List<String> missing = new ArrayList<>(served);
        missing.removeAll(documented);
        List<String> stale = new ArrayList<>(documented);
        stale.removeAll(served);
        assertThat(missing).as("endpoints missing from docs/api.md (regenerate the table, see its end)").isEmpty();
        assertThat(stale).as("docs/api.md rows the OpenAPI document no longer has").isEmpty();
        assertThat(served).hasSizeGreaterThan(20);
    }

    @Test
    void readmeLinksTheOperatorDocs() throws IOException {
        Path repo = repo();
        String readme = Files.readString(repo.resolve("README.md"));
        for (String doc : List.of("docs/operations.md", "docs/api.md", "docs/grading-policy.md")) {
            assertThat(readme).contains(doc);
            assertThat(repo.resolve(doc)).isRegularFile();
        }
    }
}
