package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;

/**
 * The example passport declaration shipped with voltrace ({@code example-declaration.json}): what a manufacturer
 * states for a 96-cell NMC pack, every document marked "Example declaration". The demo's simulated manufacturer
 * declares it for its packs, scaled to each pack's nameplate; a real manufacturer starts from it and states its own
 * figures. Not a source of figures for real batteries.
 */
public final class ExampleDeclaration {
    static final String RESOURCE = "/io/voltrace/ingest/passport/example-declaration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleDeclaration() {
    }

    /** The example as shipped. */
    public static ObjectNode load() {
        try (InputStream in = ExampleDeclaration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example for one pack: its beginning-of-life values (full capacity, full energy) at the time it was made.
     *
     * @param nominalAh   the pack's rated capacity
     * @param nominalKwh  its rated energy
     * @param madeAt      when it was made: the time of every beginning-of-life value
     */
    public static ObjectNode forPack(double nominalAh, double nominalKwh, Instant madeAt) {
        ObjectNode d = load();
        ObjectNode dyn = (ObjectNode) d.at("/performance/dynamic");
        stamp(dyn, madeAt.toString());
        ((ObjectNode) dyn.at("/capacity/capacity")).put("value", nominalAh);
        ((ObjectNode) dyn.at("/energy/remaining")).put("value", Math.round(nominalKwh * 10) / 10.0);
        String day = LocalDate.ofInstant(madeAt, ZoneOffset.UTC).toString();
        ((ObjectNode) d.get("metadata")).put("issueDate", day);
        return d;
    }

    private static void stamp(JsonNode node, String time) {
        if (node instanceof ObjectNode o) {
            if (o.has("time")) {
                o.put("time", time);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                stamp(it.next().getValue(), time);
            }
        }
    }
}
