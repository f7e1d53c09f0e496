package io.voltrace.ingest.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stored API token: never the token itself, only its hash.
 *
 * @param id        public handle (for listing and revoking)
 * @param tokenHash hex SHA-256 of the token
 * @param role      role name (admin, fleet, recycler, auditor); checked by the auth layer
 * @param orgId     organisation the token speaks for, or null (admin, auditor)
 * @param label     what it is for, or null
 * @param createdAt when it was made
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record ApiTokenRecord(String id, String tokenHash, String role, String orgId, String label,
                             Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public ApiTokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(role, "role");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
        revokedAt = revokedAt == null ? null : revokedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** Usable at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
