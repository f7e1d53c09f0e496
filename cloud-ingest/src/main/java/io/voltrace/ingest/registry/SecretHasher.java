package io.voltrace.ingest.registry;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes of device secrets. New hashes are a keyed fast hash, {@code hmac-sha256$salt$mac} with the installation's
 * secret key ({@link Registry} keeps it), because devices authenticate on every MQTT connect and a fleet reconnecting
 * after an ingest restart must get in within seconds, not hours. A slow hash only helps against guessing a
 * low-entropy secret; device secrets are generated with at least 192 random bits, which no offline search reaches,
 * and the key means a copy of the hashes alone is not even a test oracle.
 *
 * <p>Hashes written before ({@code pbkdf2-sha256$iterations$salt$hash}) still verify; {@link #verify} says when a
 * stored hash is of the old kind so the caller replaces it after the next successful login.
 */
final class SecretHasher {

    /** What a verification found. */
    enum Check {
        /** The secret matches a current hash. */
        MATCH,
        /** The secret matches, but the stored hash is of an older kind: store {@link #hash} of it instead. */
        MATCH_OUTDATED,
        /** Wrong secret, or a malformed stored hash. */
        NO_MATCH;

        boolean matches() {
            return this != NO_MATCH;
        }
    }

    static final int KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";
    private static final String PREFIX = "hmac-sha256";
    private static final String LEGACY_PREFIX = "pbkdf2-sha256";
    private static final String PBKDF2 = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int PBKDF2_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    /** Checked for unknown devices too, so the time taken does not tell which device ids exist. */
    private final String decoy;

    SecretHasher(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the device-secret key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.decoy = hash("decoy".toCharArray());
    }

    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    String hash(char[] secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(mac(salt, secret));
    }

    /** Constant-time for a given stored hash. */
    Check verify(char[] secret, String stored) {
        String[] parts = stored.split("\\$");
        try {
            if (parts.length == 3 && parts[0].equals(PREFIX)) {
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] expected = Base64.getDecoder().decode(parts[2]);
                return MessageDigest.isEqual(mac(salt, secret), expected) ? Check.MATCH : Check.NO_MATCH;
            }
            if (parts.length == 4 && parts[0].equals(LEGACY_PREFIX)) {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] expected = Base64.getDecoder().decode(parts[3]);
                return MessageDigest.isEqual(pbkdf2(secret, salt, iterations), expected)
                        ? Check.MATCH_OUTDATED : Check.NO_MATCH;
            }
        } catch (IllegalArgumentException malformed) {
            return Check.NO_MATCH;
        }
        return Check.NO_MATCH;
    }

    /** Spends the same work as verifying against a current hash, and fails. */
    Check verifyDecoy(char[] secret) {
        verify(secret, decoy);
        return Check.NO_MATCH;
    }

    /** A PBKDF2 hash as stored before keyed hashes; only for tests of the migration. */
    static String legacyHash(char[] secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return LEGACY_PREFIX + '$' + iterations + '$' + b64.encodeToString(salt) + '$'
                + b64.encodeToString(pbkdf2(secret, salt, iterations));
    }

    private byte[] mac(byte[] salt, char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(salt);
            return mac.doFinal(bytes);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(HMAC + " unavailable", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static byte[] pbkdf2(char[] secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, PBKDF2_BITS);
        try {
            return SecretKeyFactory.getInstance(PBKDF2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PBKDF2 + " unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
