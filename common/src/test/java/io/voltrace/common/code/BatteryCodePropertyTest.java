package io.voltrace.common.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over generated codes (seeded, so a failure reproduces): every valid code decodes and re-formats to
 * itself, and every single-character change is either still valid (the new character is allowed there) or rejected
 * naming exactly that position and the field it belongs to.
 */
class BatteryCodePropertyTest {
    private static final long SEED = 0x34014L;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String[] ALPHABET = new String[24];
    private static final String[] FIELD = new String[24];

    static {
        fill(0, 3, ALNUM, "manufacturer");
        fill(3, 4, "PMC", "product-type");
        fill(4, 5, "ABCDEFGZ", "battery-type");
        fill(5, 7, ALNUM, "specification");
        fill(7, 14, ALNUM, "traceability");
        fill(14, 15, "123456789ABCDEFGHJKLMNPRSTUVWXY", "production-year");
        fill(15, 16, "123456789ABC", "production-month");
        fill(16, 17, "0123456789ABCDEFGHJKLMNPRSTUVWXY", "production-day");
        fill(17, 24, "0123456789", "serial");
    }

    private static void fill(int from, int to, String alphabet, String field) {
        for (int i = from; i < to; i++) {
            ALPHABET[i] = alphabet;
            FIELD[i] = field;
        }
    }

    static String randomCode(Random random) {
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            b.append(ALPHABET[i].charAt(random.nextInt(ALPHABET[i].length())));
        }
        return b.toString();
    }

    @Test
    void everyValidCodeRoundTripsThroughItsFields() {
        Random random = new Random(SEED);
        for (int n = 0; n < 20_000; n++) {
            String text = randomCode(random);
            BatteryCode code = BatteryCode.parse(text);
            BatteryCode again = BatteryCode.format(code.manufacturer(), code.product(), code.batteryType(),
                    code.specification(), code.traceability(), code.productionDate(), code.serial());
            assertThat(again.value()).as("round trip").isEqualTo(text);
            ProductionDate d = code.productionDate();
            assertThat(new ProductionDate(d.year(), d.month(), d.day()).encode()).isEqualTo(text.substring(14, 17));
        }
    }

    @Test
    void everyDateInTheWindowEncodesAndDecodes() {
        for (int year = ProductionDate.FIRST_YEAR; year <= ProductionDate.LAST_YEAR; year++) {
            for (int month = 1; month <= 12; month++) {
                for (int day = 0; day <= 31; day++) {
                    ProductionDate date = new ProductionDate(year, month, day);
                    String text = "ABCPE01T000001" + date.encode() + "0000001";
                    assertThat(BatteryCode.parse(text).productionDate()).isEqualTo(date);
                }
            }
        }
    }

    @Test
    void everySingleCharacterCorruptionIsValidOrCaughtAtItsPositionWithItsRule() {
        Random random = new Random(SEED + 1);
        int caught = 0;
        for (int n = 0; n < 300; n++) {
            String text = randomCode(random);
            for (int i = 0; i < 24; i++) {
                for (char c = 0x20; c < 0x7f; c++) {
                    if (c == text.charAt(i)) {
                        continue;
                    }
                    String corrupted = text.substring(0, i) + c + text.substring(i + 1);
                    CodeViolation v = BatteryCode.violation(corrupted);
                    if (ALPHABET[i].indexOf(c) >= 0) {
                        assertThat(v).as("%s allowed at %d", c, i + 1).isNull();
                    } else {
                        assertThat(v).as("'%s' at %d of %s", c, i + 1, text).isNotNull();
                        assertThat(v.position()).isEqualTo(i + 1);
                        assertThat(v.field()).isEqualTo(FIELD[i]);
                        caught++;
                    }
                }
            }
        }
        assertThat(caught).isGreaterThan(300 * 24 * 40);
    }

    @Test
    void dropsAndInsertionsAreLengthErrors() {
        String text = BatteryCodeTest.VALID;
        for (int i = 0; i < 24; i++) {
            String dropped = text.substring(0, i) + text.substring(i + 1);
            assertThat(BatteryCode.violation(dropped).field()).isEqualTo("length");
            String inserted = text.substring(0, i) + '1' + text.substring(i);
            assertThat(BatteryCode.violation(inserted).position()).isEqualTo(25);
        }
    }

    @Test
    void decodesTheFieldsOfAKnownCode() {
        BatteryCode code = BatteryCode.parse("VTRPE96DEMO001T5C0000001");
        assertThat(code.product()).isEqualTo(ProductType.PACK);
        assertThat(code.specification()).isEqualTo("96");
        assertThat(code.traceability()).isEqualTo("DEMO001");
        assertThat(code.productionDate()).isEqualTo(new ProductionDate(2026, 5, 12));
        assertThat(code.fields()).containsEntry("productionDate", "2026-05-12")
                .containsEntry("batteryTypeMeaning", "ternary lithium (NCM)")
                .containsEntry("productType", "pack");
        assertThat(BatteryCode.parse("ABCCB01T00000119Y0000001").productionDate())
                .isEqualTo(new ProductionDate(2001, 9, 31));
        // 30 February is a valid code but no calendar date; day 0 means not recorded.
        assertThat(BatteryCode.parse("ABCMB01T000001T2X0000001").productionDate().date()).isEmpty();
        assertThat(BatteryCode.parse("ABCMB01T000001T200000001").fields()).doesNotContainKey("productionDate")
                .containsEntry("productionDay", null);
    }

    @Test
    void theExceptionCarriesPositionAndField() {
        assertThatThrownBy(() -> BatteryCode.parse("VTRPE96DEMO001TDC0000001"))
                .isInstanceOfSatisfying(InvalidBatteryCodeException.class, e -> {
                    assertThat(e.violation().position()).isEqualTo(16);
                    assertThat(e.violation().field()).isEqualTo("production-month");
                });
    }

    @Test
    void packsHoldModulesAndModulesHoldCells() {
        assertThat(ProductType.PACK.mayContain(ProductType.MODULE)).isTrue();
        assertThat(ProductType.MODULE.mayContain(ProductType.CELL)).isTrue();
        assertThat(ProductType.PACK.mayContain(ProductType.CELL)).isFalse();
        assertThat(ProductType.CELL.mayContain(ProductType.PACK)).isFalse();
    }
}
