package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.dbc.MiniJson;
import io.voltrace.edge.dbc.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The candump line cases of cantools' test_logreader.py (../shared/data, read in place). */
class CandumpConformanceTest {

    @Test
    void logreaderParseCases() throws Exception {
        Path dir = SharedData.require("dbc-conformance");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(
                Files.readString(dir.resolve("logreader_parse_cases.json"), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) json.get("cases");
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String line = (String) c.get("input_line");
            String label = c.get("test") + ":" + c.get("source_line") + " [" + line + "]";
            CandumpFormat.Line parsed;
            try {
                parsed = CandumpFormat.parse(line);
            } catch (IllegalArgumentException e) {
                failures.add(label + ": rejected: " + e.getMessage());
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> expected = (Map<String, Object>) c.get("expected");
            if (expected == null) {
                // cantools skips it: an error frame
                if (parsed.kind() != CandumpFormat.Kind.ERROR || CandumpFormat.parseLine(line) != null) {
                    failures.add(label + ": expected an error frame, got " + parsed);
                }
                continue;
            }
            CanFrame f = parsed.frame();
            boolean remote = Boolean.TRUE.equals(expected.get("is_remote_frame"));
            check(failures, label, "kind", remote ? CandumpFormat.Kind.REMOTE : CandumpFormat.Kind.DATA,
                    parsed.kind());
            check(failures, label, "channel", expected.get("channel"), parsed.iface());
            check(failures, label, "frame_id", ((Long) expected.get("frame_id")).intValue(), f.id());
            if (expected.containsKey("is_extended_frame")) {
                check(failures, label, "extended", expected.get("is_extended_frame"), f.extended());
            }
            check(failures, label, "data", expected.get("data_hex"), HexFormat.of().formatHex(f.payload()));
            if (remote) {
                check(failures, label, "parseLine of a remote frame", null, CandumpFormat.parseLine(line));
            }
            if (expected.containsKey("timestamp_format")) {
                check(failures, label, "timestamp", expectedMicros(expected), f.timestampMicros());
            }
        }
        System.out.printf("candump conformance: ran %d cantools logreader cases%n", cases.size());
        assertThat(failures).isEmpty();
        assertThat(cases).hasSize(16);
    }

    private static long expectedMicros(Map<String, Object> e) {
        switch ((String) e.get("timestamp_format")) {
            case "MISSING":
                return CanFrame.NO_TIMESTAMP;
            case "RELATIVE":
                return (Long) e.get("relative_seconds") * 1_000_000 + (Long) e.get("relative_microseconds");
            default:
                // utc, or a naive local time that the parser takes as UTC (the log names no zone)
                String text = (String) (e.containsKey("utc") ? e.get("utc") : e.get("naive_local"));
                LocalDateTime t = LocalDateTime.parse(text);
                return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1_000;
        }
    }

    private static void check(List<String> failures, String label, String what, Object expected, Object actual) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            failures.add(label + ": " + what + " = " + actual + ", expected " + expected);
        }
    }
}
