package io.voltrace.ingest.privacy;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys personal data is encrypted with, by key id. New values are sealed with the active key; older
 * keys stay only to open values sealed before a rotation (until {@link VehicleVault#reencrypt()} has moved them).
 *
 * <p>Configuration: {@code VOLTRACE_PII_KEYS="id1:BASE64,id2:BASE64"} (each key 32 random bytes, e.g.
 * {@code openssl rand -base64 32}) and {@code VOLTRACE_PII_ACTIVE_KEY=id2} (default: the last one listed).
 */
public final class KeyRing {
    public static final String KEYS_ENV = "VOLTRACE_PII_KEYS";
    public static final String ACTIVE_ENV = "VOLTRACE_PII_ACTIVE_KEY";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String activeId;

    public KeyRing(Map<String, byte[]> keys, String activeId) {
        Map<String, SecretKey> copy = new LinkedHashMap<>();
        keys.forEach((id, raw) -> {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id must be 1-32 of A-Z, a-z, 0-9, '.', '_', '-': " + id);
            }
            if (raw == null || raw.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes (AES-256), was "
                        + (raw == null ? 0 : raw.length));
            }
            copy.put(id, new SecretKeySpec(raw.clone(), "AES"));
        });
        if (!copy.containsKey(Objects.requireNonNull(activeId, "activeId"))) {
            throw new IllegalArgumentException("active key " + activeId + " is not among the keys " + copy.keySet());
        }
        this.keys = Collections.unmodifiableMap(copy);
        this.activeId = activeId;
    }

    /**
     * Reads the keys from the environment.
     *
     * @return null when {@value #KEYS_ENV} is not set (personal data cannot be stored then)
     * @throws IllegalArgumentException naming the variable and entry that is wrong
     */
    public static KeyRing fromEnvironment(Map<String, String> env) {
        String spec = env.get(KEYS_ENV);
        if (spec == null || spec.isBlank()) {
            return null;
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String last = null;
        int n = 0;
        for (String entry : spec.split(",")) {
            n++;
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(KEYS_ENV + " entry " + n + " must be id:base64key");
            }
            String id = entry.substring(0, colon).strip();
            try {
                keys.put(id, Base64.getDecoder().decode(entry.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KEYS_ENV + " entry " + n + " (" + id + "): key is not base64");
            }
            last = id;
        }
        String active = env.getOrDefault(ACTIVE_ENV, last);
        try {
            return new KeyRing(keys, active);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEYS_ENV + "/" + ACTIVE_ENV + ": " + e.getMessage(), e);
        }
    }

    public String activeId() {
        return activeId;
    }

    SecretKey active() {
        return keys.get(activeId);
    }

    /** @throws IllegalStateException when the key was removed from the configuration */
    SecretKey key(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("key " + id + " is not configured (" + KEYS_ENV + "); values sealed"
                    + " with it cannot be opened");
        }
        return key;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + activeId + ", ids=" + keys.keySet() + "]";
    }
}
