package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A battery's passport declaration in force: what its manufacturer (or reuse maker) states and voltrace cannot know
 * from evidence, shaped like the Battery Pass.
 *
 * @param battery    the code it is declared for
 * @param version    1, 2, ... (the highest is in force)
 * @param document   the declared attributes; a copy is handed out, never this object
 * @param sha256     SHA-256 of the stored JSON text, so a reader can cite exactly what was declared
 * @param declaredBy the organisation that declared it
 * @param declaredAt when it was recorded
 */
public record PassportDeclaration(String battery, int version, ObjectNode document, String sha256, String declaredBy,
                                  Instant declaredAt) {

    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }
}
