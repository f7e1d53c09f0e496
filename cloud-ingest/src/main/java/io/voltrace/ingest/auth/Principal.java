package io.voltrace.ingest.auth;

import java.util.Objects;

/**
 * An authenticated API caller.
 *
 * @param tokenId the token's public id (for logs; never the token)
 * @param role    what it may do
 * @param orgId   the organisation it speaks for, or null
 */
public record Principal(String tokenId, Role role, String orgId) {
    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(role, "role");
        if (role.needsOrganisation() && orgId == null) {
            throw new IllegalArgumentException(role.wireName() + " callers speak for an organisation");
        }
    }
}
