package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each attribute of an exported passport came from. Written into the passport's own {@code sources[]} (one
 * entry per source: its header names the source, its content lists the attributes, as JSON pointers, with how each
 * was obtained), so a reader of the passport alone can tell evidence from declaration.
 */
final class Provenance {
    /** A place attributes come from. */
    record Source(String header, String category, String type) {
        Source {
            if (header.length() > 100) { // the Battery Pass's HeaderTrait allows 100 characters
                header = header.substring(0, 99) + "…";
            }
        }
    }

    private final Map<Source, List<String>> attributes = new LinkedHashMap<>();

    /** {@code pointer} (e.g. /performance/dynamic/stateOfCharge) came from {@code source}, obtained as {@code how}. */
    void add(Source source, String pointer, String how) {
        attributes.computeIfAbsent(source, s -> new ArrayList<>()).add(how == null || how.isBlank() ? pointer
                : pointer + " (" + how + ")");
    }

    /** Appends one {@code sources[]} entry per source to {@code sources}. */
    void writeTo(ArrayNode sources) {
        attributes.forEach((source, list) -> {
            ObjectNode entry = sources.addObject();
            entry.put("header", source.header());
            entry.put("category", source.category());
            entry.put("type", source.type());
            entry.put("content", String.join("; ", list));
        });
    }
}
