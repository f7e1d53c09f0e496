package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What every request that appends to the ledger reads alike: who records it, and when it happened. */
final class LedgerRequests {
    private LedgerRequests() {
    }

    /**
     * The organisation recording the event: the token's own, or for an administrator the body's {@code actorOrg}
     * (an administrator acts for an organisation, never as itself).
     */
    static String actor(Principal p, JsonNode body) {
        String requested = Params.text(body, "actorOrg", false);
        if (p.role() == Role.ADMIN) {
            if (requested == null && p.orgId() == null) {
                throw ApiException.badRequest("field 'actorOrg' is required: an administrator records events for an"
                        + " organisation");
            }
            return requested == null ? p.orgId() : requested;
        }
        if (requested != null && !requested.equals(p.orgId())) {
            throw ApiException.forbidden("this token records events for " + p.orgId() + " only, not " + requested);
        }
        return p.orgId();
    }

    /** The body's {@code occurredAt}, or now when it has none. */
    static Instant occurredAt(JsonNode body, Clock clock) {
        String at = Params.text(body, "occurredAt", false);
        if (at == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("field 'occurredAt' must be an ISO-8601 instant, was '" + at + "'");
        }
    }
}
