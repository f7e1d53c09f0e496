package io.voltrace.ingest.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A party in a battery's life: owns batteries (fleet), holds them (recycler), or audits them.
 *
 * @param id        short stable handle, used in tokens and battery records
 * @param name      display name
 * @param kind      what it is
 * @param createdAt when it was registered; kept to microseconds
 */
public record Organisation(String id, String name, OrganisationKind kind, Instant createdAt) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Organisation {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("organisation id must be 1-64 of A-Z, a-z, 0-9, '.', '_', '-',"
                    + " starting with a letter or digit: " + id);
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("organisation name must be 1-200 characters: " + name);
        }
        Objects.requireNonNull(kind, "kind");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
    }
}
