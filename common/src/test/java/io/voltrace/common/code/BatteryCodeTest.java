package io.voltrace.common.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatteryCodeTest {
    static final String VALID = "VTRPE96DEMO001T5C0000001";

    @Test
    void acceptsAWellFormedCodeAndReadsItsFields() {
        BatteryCode code = BatteryCode.parse(VALID);
        assertThat(code.manufacturer()).isEqualTo("VTR");
        assertThat(code.productType()).isEqualTo('P');
        assertThat(code.batteryType()).isEqualTo('E');
        assertThat(code.serial()).isEqualTo("0000001");
        assertThat(BatteryCode.isValid(VALID)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "VTRPE96DEMO001T5C000000, length is 23",
            "VTRXE96DEMO001T5C0000001, position 4: product type",
            "VTRPH96DEMO001T5C0000001, position 5: battery type",
            "VTRPE9#DEMO001T5C0000001, position 7: specification",
            "VTRPE96DEMO0_1T5C0000001, position 13: traceability",
            "VTRPE96DEMO001I5C0000001, position 15: production year",
            "VTRPE96DEMO001TDC0000001, position 16: production month",
            "VTRPE96DEMO001T5Q0000001, position 17: production day",
            "VTRPE96DEMO001T5C00000A1, position 23: serial",
    })
    void namesThePositionAndRuleOfTheFirstBrokenPart(String text, String expected) {
        assertThatThrownBy(() -> BatteryCode.parse(text))
                .isInstanceOf(InvalidBatteryCodeException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void everySingleCharacterCorruptionIntoAForbiddenCharacterIsCaught() {
        for (int i = 0; i < VALID.length(); i++) {
            String corrupted = VALID.substring(0, i) + '#' + VALID.substring(i + 1);
            assertThat(BatteryCode.isValid(corrupted)).as("corrupted at %d", i + 1).isFalse();
        }
    }
}
