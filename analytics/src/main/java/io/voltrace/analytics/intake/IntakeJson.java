package io.voltrace.analytics.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** An intake result as JSON, the one shape the command prints and the service stores: unmeasured (NaN) figures null. */
public final class IntakeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IntakeJson() {
    }

    public static ObjectNode of(IntakeResult r) {
        ObjectNode node = JSON.valueToTree(r);
        nulls(node);
        return node;
    }

    private static void nulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                JsonNode c = o.get(f);
                if (c.isNumber() && !Double.isFinite(c.asDouble())) {
                    o.putNull(f);
                } else {
                    nulls(c);
                }
            }
        } else if (n.isArray()) {
            n.forEach(IntakeJson::nulls);
        }
    }
}
