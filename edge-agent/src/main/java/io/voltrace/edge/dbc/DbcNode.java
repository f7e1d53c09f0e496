package io.voltrace.edge.dbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code BU_} node.
 *
 * @param name       its name: the {@code SystemNodeLongSymbol} long name when the file gives one
 * @param comment    {@code CM_ BU_} text, or null
 * @param attributes {@code BA_ ... BU_} values set on this node (types as {@link DbcMessage#attributes()})
 */
public record DbcNode(String name, String comment, Map<String, Object> attributes) {

    public DbcNode {
        Objects.requireNonNull(name, "name");
        attributes = attributes == null || attributes.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
