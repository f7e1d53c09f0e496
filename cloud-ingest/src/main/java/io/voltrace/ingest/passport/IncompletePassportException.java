package io.voltrace.ingest.passport;

import java.util.List;

/**
 * A passport cannot be exported: the Battery Pass requires attributes that voltrace holds no evidence for and that
 * nobody has declared. Never filled in with a guess; the message names each attribute and what to do.
 */
public final class IncompletePassportException extends RuntimeException {
    private final String battery;
    private final List<String> missing;

    IncompletePassportException(String battery, List<String> missing) {
        this(battery, missing, null);
    }

    /** @param note why voltrace has no evidence, said before what to do (null: nothing to add) */
    IncompletePassportException(String battery, List<String> missing, String note) {
        super("the passport of " + battery + " lacks " + missing.size() + " required attribute"
                + (missing.size() == 1 ? "" : "s") + " that voltrace holds no evidence for and nobody declared: "
                + String.join(", ", missing) + "." + (note == null ? "" : " " + note) + " The manufacturer (or, for a re-coded battery, the reuse maker)"
                + " declares them with PUT /api/v1/batteries/" + battery + "/passport/declaration; the carbon"
                + " footprint is recorded with POST /api/v1/batteries/" + battery + "/carbon-footprint");
        this.battery = battery;
        this.missing = List.copyOf(missing);
    }

    public String battery() {
        return battery;
    }

    /** The missing attributes as JSON pointers into the Battery Pass. */
    public List<String> missing() {
        return missing;
    }
}
