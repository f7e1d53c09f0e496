package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.common.code.BatteryCode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A GB/T 34014 code and its recorded pack → module → cell tree as a Catena-X traction battery code 2.0.0 document:
 * {@code {productType, tractionBatteryCode, subcomponents[]}}, the components as the ledger links them.
 */
final class TractionBatteryCodeTree {
    private TractionBatteryCodeTree() {
    }

    /** @param components a code's direct components, as the ledger's COMPONENT links give them */
    static ObjectNode of(String code, Function<String, List<String>> components) {
        return node(code, components, new HashSet<>());
    }

    private static ObjectNode node(String code, Function<String, List<String>> components, Set<String> seen) {
        BatteryCode parsed = BatteryCode.parse(code);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("productType", parsed.product().name().toLowerCase(Locale.ROOT));
        n.put("tractionBatteryCode", parsed.value());
        if (!seen.add(parsed.value())) {
            return n; // links nest by product type, so a cycle cannot be stored; guard anyway
        }
        List<String> children = components.apply(parsed.value());
        if (!children.isEmpty()) {
            ArrayNode list = n.putArray("subcomponents");
            for (String child : children) {
                list.add(node(child, components, seen));
            }
        }
        return n;
    }
}
