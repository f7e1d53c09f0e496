package io.voltrace.ingest.auth;

import java.time.Instant;

/**
 * A freshly made token. {@code token} is the secret: it is shown this once and stored only as a hash.
 *
 * @param id        public handle, for listing and revoking
 * @param token     the bearer token
 * @param role      its role
 * @param orgId     its organisation, or null
 * @param expiresAt when it stops working, or null for never
 */
public record IssuedToken(String id, String token, Role role, String orgId, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", role=" + role + ", org=" + orgId + ", token=<hidden>]";
    }
}
