package io.voltrace.ingest.auth;

import io.voltrace.ingest.registry.ApiTokenRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opaque bearer tokens: {@code vt_} and 43 base64url characters (256 random bits). Only a SHA-256 of each token is
 * stored; a fast hash is right here because the token is high-entropy, so no work factor is needed against guessing,
 * and every API request can afford the lookup. Blocking (registry calls): keep off event loops. Thread-safe.
 */
public final class ApiTokens {
    private static final String PREFIX = "vt_";
    private static final Pattern FORMAT = Pattern.compile("vt_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Registry registry;
    private final Clock clock;

    public ApiTokens(Registry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ApiTokens(Registry registry) {
        this(registry, Clock.systemUTC());
    }

    /**
     * Makes a token and stores its hash.
     *
     * @param orgId     required for fleet and recycler tokens, and must then be of the matching kind
     * @param expiresAt null for a token that does not expire
     * @throws IllegalArgumentException when the organisation is missing, unknown or of the wrong kind, or the expiry
     *                                  is not in the future
     */
    public IssuedToken issue(Role role, String orgId, String label, Instant expiresAt) {
        Objects.requireNonNull(role, "role");
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("the token's expiry " + expiresAt + " is not in the future: a token"
                    + " that is expired when made would be refused at once");
        }
        if (role.needsOrganisation() && orgId == null) {
            throw new IllegalArgumentException("a " + role.wireName() + " token needs an organisation (--org / \"org\")");
        }
        if (orgId != null) {
            Organisation org = registry.organisation(orgId).orElseThrow(() ->
                    new IllegalArgumentException("organisation " + orgId + " is not registered"));
            if (role.orgKind() != null && org.kind() != role.orgKind()) {
                throw new IllegalArgumentException("a " + role.wireName() + " token needs an organisation of kind "
                        + role.orgKind().wireName() + "; " + orgId + " is a " + org.kind().wireName());
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        registry.saveToken(new ApiTokenRecord(id, hash(token), role.wireName(), orgId, label, clock.instant(),
                expiresAt, null));
        return new IssuedToken(id, token, role, orgId, expiresAt);
    }

    /** The caller a token belongs to; empty for a malformed, unknown, revoked or expired token. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return registry.tokenByHash(hash(token))
                .filter(t -> t.activeAt(now))
                .map(t -> new Principal(t.id(), Role.parse(t.role()), t.orgId()));
    }

    /** False when there is no such token or it was revoked already. */
    public boolean revoke(String id) {
        return registry.revokeToken(id, clock.instant());
    }

    /** Every token's record, oldest first; callers show no hashes. */
    public List<ApiTokenRecord> list() {
        return registry.tokens();
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
