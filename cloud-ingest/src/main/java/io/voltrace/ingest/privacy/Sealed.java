package io.voltrace.ingest.privacy;

/**
 * An encrypted value: the id of the key it was sealed with, and base64 of nonce (12 bytes) ‖ ciphertext ‖ GCM tag.
 */
public record Sealed(String keyId, String data) {
    @Override
    public String toString() {
        return "Sealed[key=" + keyId + "]";
    }
}
