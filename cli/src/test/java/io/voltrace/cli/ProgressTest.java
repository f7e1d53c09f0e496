package io.voltrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void plainLinesShowCountOfTotalAndAFinalLineOnClose() {
        try (Progress p = Progress.lines(stream, "validate-nasa", 4, "cycles", 0)) {
            p.advance(1);
            p.advance(2);
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("validate-nasa  25% 1/4 cycles · ").contains(" left");
        assertThat(lines.get(1)).startsWith("validate-nasa  75% 3/4 cycles · ");
        // The last line states where it ended, without a time left.
        assertThat(lines.get(2)).startsWith("validate-nasa  75% 3/4 cycles · ").doesNotContain("left");
        assertThat(lines).noneMatch(l -> l.contains("\r") || l.contains("\u001b"));
    }

    @Test
    void anUnknownTotalShowsACount() {
        try (Progress p = Progress.lines(stream, "decode drive.log", 0, "frames", 0)) {
            p.set(4096);
            p.set(12_288);
        }
        // The last line already showed the finished count: close() does not write it twice.
        assertThat(lines()).hasSize(2).allMatch(l -> l.startsWith("decode drive.log "))
                .anyMatch(l -> l.startsWith("decode drive.log 12,288 frames · "))
                .noneMatch(l -> l.contains("%"));
    }

    @Test
    void nothingIsShownBeforeTheFirstIntervalSoQuickWorkStaysSilent() {
        try (Progress p = Progress.lines(stream, "assess", 100, "packs", 3_600_000)) {
            for (int i = 0; i < 100; i++) {
                p.advance(1);
            }
            assertThat(p.done()).isEqualTo(100);
        }
        assertThat(bytes.size()).isZero();
    }

    @Test
    void closeIsIdempotentAndLaterChangesDrawNothing() {
        Progress p = Progress.lines(stream, "grade", 2, "packs", 0);
        p.advance(1);
        p.close();
        p.close();
        p.advance(1);
        assertThat(lines()).hasSize(2);
        assertThat(p.done()).isEqualTo(2);
    }

    @Test
    void silentShowsNothingButCounts() {
        Progress p = Progress.silent();
        p.advance(5);
        p.set(7);
        p.close();
        assertThat(p.done()).isEqualTo(7);
    }

    @Test
    void notesAreLinesOfTheirOwn() {
        try (Progress p = Progress.lines(stream, "bench edge", 10, "s", 0)) {
            p.set(3);
            p.note("  chaos: killed the agent (kill -9), 1 so far");
        }
        assertThat(lines()).hasSize(3).contains("  chaos: killed the agent (kill -9), 1 so far");
    }

    @Test
    void workersMayAdvanceConcurrently() throws InterruptedException {
        Progress p = Progress.lines(stream, "validate-fleet", 8000, "packs", 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 8; i++) {
            pool.submit(() -> {
                for (int j = 0; j < 1000; j++) {
                    p.advance(1);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        p.close();
        assertThat(p.done()).isEqualTo(8000);
        assertThat(lines().get(lines().size() - 1)).startsWith("validate-fleet 100% 8,000/8,000 packs");
    }
}
