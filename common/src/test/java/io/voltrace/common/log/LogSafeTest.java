package io.voltrace.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void aNewlineCannotForgeASecondLogRecord() {
        String forged = "dev-1\n2026-12-07 12:00:00 ERROR io.voltrace.Ingest - database corrupted\r";
        String safe = LogSafe.text(forged);
        assertThat(safe).doesNotContain("\n").doesNotContain("\r")
                .startsWith("dev-1\\n2026-12-07").endsWith("corrupted\\r");
    }

    @Test
    void ansiAndOtherControlsAreEscaped() {
        assertThat(LogSafe.text("\u001b[31mred\u001b[0m\u0000\u0085\u2028\u202e"))
                .isEqualTo("\\u001b[31mred\\u001b[0m\\u0000\\u0085\\u2028\\u202e");
        assertThat(LogSafe.text("a\\nb")).as("a literal backslash-n stays distinguishable").isEqualTo("a\\\\nb");
        assertThat(LogSafe.text("msg=\"forged\"")).isEqualTo("msg=\\\"forged\\\"");
    }

    @Test
    void longValuesAreCutAndSayHowMuch() {
        String safe = LogSafe.text("x".repeat(60_000));
        assertThat(safe).hasSizeLessThan(LogSafe.MAX_CHARS + 30).endsWith("…(+" + (60_000 - LogSafe.MAX_CHARS) + " chars)");
    }

    @Test
    void ordinaryValuesPassUnchanged() {
        assertThat(LogSafe.text("VTRPE96DEMO001T5C0000001")).isEqualTo("VTRPE96DEMO001T5C0000001");
        assertThat(LogSafe.text("Zellspannung 3,7 V – ok")).isEqualTo("Zellspannung 3,7 V – ok");
        assertThat(LogSafe.text(null)).isEqualTo("null");
    }
}
