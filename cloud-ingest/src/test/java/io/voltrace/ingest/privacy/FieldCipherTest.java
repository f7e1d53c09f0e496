package io.voltrace.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCipherTest {
    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
            13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    @Test
    void sealsWithTheActiveKeyAndOpensWithAnyConfiguredOne() {
        KeyRing one = KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:" + K1));
        Sealed old = new FieldCipher(one).seal("LSVAU2180N2183294", "t/1/vin");
        assertThat(old.keyId()).isEqualTo("k1");
        assertThat(old.data()).doesNotContain("LSVAU2180N2183294");
        KeyRing both = KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:" + K1 + ", k2:" + K2));
        assertThat(both.activeId()).isEqualTo("k2");
        FieldCipher cipher = new FieldCipher(both);
        assertThat(cipher.open(old, "t/1/vin")).isEqualTo("LSVAU2180N2183294");
        assertThat(cipher.seal("x", "a").keyId()).isEqualTo("k2");
        // The same plaintext seals differently each time (random nonce).
        assertThat(cipher.seal("x", "a").data()).isNotEqualTo(cipher.seal("x", "a").data());
    }

    @Test
    void alteredMovedOrUnkeyedValuesDoNotOpen() {
        FieldCipher cipher = new FieldCipher(KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:" + K1)));
        Sealed s = cipher.seal("LSVAU2180N2183294", "t/1/vin");
        assertThatThrownBy(() -> cipher.open(s, "t/2/vin")).hasMessageContaining("does not authenticate");
        byte[] raw = Base64.getDecoder().decode(s.data());
        raw[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(new Sealed("k1", Base64.getEncoder().encodeToString(raw)), "t/1/vin"))
                .hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> cipher.open(new Sealed("k9", s.data()), "t/1/vin"))
                .hasMessageContaining("key k9 is not configured");
    }

    @Test
    void configurationErrorsNameTheEntry() {
        assertThat(KeyRing.fromEnvironment(Map.of())).isNull();
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:" + K1 + ",bad")))
                .hasMessageContaining("entry 2 must be id:base64key");
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:AAAA")))
                .hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of(KeyRing.KEYS_ENV, "k1:" + K1,
                KeyRing.ACTIVE_ENV, "k3"))).hasMessageContaining("active key k3");
    }

    @Test
    void identitiesNeverPrintInClear() {
        VehicleIdentity v = new VehicleIdentity("lsvau2180n2183294", "沪A12345");
        assertThat(v.vin()).isEqualTo("LSVAU2180N2183294");
        assertThat(v.toString()).doesNotContain("LSVAU2180N2183294").doesNotContain("A12345");
        assertThatThrownBy(() -> new VehicleIdentity("LSVAU2180N218329O", null)).hasMessageContaining("VIN must be")
                .hasMessageNotContaining("LSVAU");
    }
}
