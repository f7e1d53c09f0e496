package io.voltrace.ingest.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for single database fields. A fresh random 96-bit nonce per value; the associated data names the
 * row and column, so a ciphertext copied to another row or column fails to open instead of revealing its text
 * there.
 */
public final class FieldCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing keys;

    public FieldCipher(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Sealed seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array();
            return new Sealed(keys.activeId(), Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** @throws IllegalStateException when the value was altered, moved, or its key is not configured */
    public String open(Sealed sealed, String associatedData) {
        byte[] all = Base64.getDecoder().decode(sealed.data());
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("sealed value too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, keys.key(sealed.keyId()), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] pt = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("sealed value does not authenticate (altered, moved, or wrong key "
                    + sealed.keyId() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public KeyRing keys() {
        return keys;
    }
}
