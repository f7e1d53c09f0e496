package io.voltrace.ingest.registry;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Salted PBKDF2-HMAC-SHA256 hashes of device secrets, stored as {@code pbkdf2-sha256$iterations$salt$hash}
 * (Base64), so the work factor can rise later without invalidating stored hashes.
 */
final class SecretHasher {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    /**
     * About 60 ms a hash here. Devices authenticate on every MQTT connect, so a fleet reconnecting after an outage
     * pays this per device; provisioned device secrets are random, which matters more than the work factor.
     */
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Hashed for unknown devices too, so timing does not tell which device ids exist. */
    private static final String DECOY = new SecretHasher().hash("decoy".toCharArray());

    String hash(char[] secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(secret, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + ITERATIONS + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(hash);
    }

    /** Constant-time for a given stored hash; false for a malformed one. */
    boolean verify(char[] secret, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(pbkdf2(secret, salt, iterations), expected);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Spends the same work as a real verification and fails. */
    boolean verifyDecoy(char[] secret) {
        verify(secret, DECOY);
        return false;
    }

    private static byte[] pbkdf2(char[] secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
