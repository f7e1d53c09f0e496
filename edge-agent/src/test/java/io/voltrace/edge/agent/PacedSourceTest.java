package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.can.CandumpFormat;
import io.voltrace.edge.can.ChannelFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restamping at every pace keeps a log's spacing, so samples per second of frame time survive a fast replay. */
class PacedSourceTest {

    @TempDir
    Path dir;

    /** 1,000 frames 10 ms apart, timed from a logger's boot (1953 s), alternating between two channels. */
    private Path bootTimedLog() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            CanFrame f = new CanFrame(1_953_000_000L + i * 10_000L, 0x595, false, false, new byte[8], 8);
            sb.append(CandumpFormat.format(f, i % 2 == 0 ? "can0" : "can1")).append('\n');
        }
        return Files.writeString(dir.resolve("boot.log"), sb);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max", "10x"})
    void restampAtFastPacesKeepsTheRecordedSpacingAndEndsNow(String pace) throws Exception {
        Path log = bootTimedLog();
        long before = System.currentTimeMillis() * 1000;
        List<Long> stamps = new ArrayList<>();
        try (PacedSource s = new PacedSource(() -> CanLogs.open(log), AgentConfig.Pace.parse(pace), true, false)) {
            CanFrame f;
            while ((f = s.next()) != null) {
                stamps.add(f.timestampMicros());
            }
        }
        long after = System.currentTimeMillis() * 1000;
        assertThat(stamps).hasSize(1000).isSorted();
        assertThat(stamps.get(999) - stamps.get(0)).isEqualTo(9_990_000L); // the recorded 9.99 s, not a blink
        assertThat(stamps.get(0)).isGreaterThan(before - 11_000_000L);
        assertThat(stamps.get(999)).isLessThanOrEqualTo(after); // nothing in the future
    }

    @Test
    void aLoopingFastReplayContinuesAfterThePreviousPass() throws Exception {
        Path log = bootTimedLog();
        List<Long> stamps = new ArrayList<>();
        try (PacedSource s = new PacedSource(() -> CanLogs.open(log), AgentConfig.Pace.MAX, true, true)) {
            for (int i = 0; i < 2500; i++) {
                stamps.add(s.next().timestampMicros());
            }
        }
        assertThat(stamps).isSorted().doesNotHaveDuplicates();
        assertThat(stamps.get(1000) - stamps.get(999)).isEqualTo(1000);
    }

    @Test
    void theChannelFilterKeepsOneBus() throws Exception {
        Path log = bootTimedLog();
        int n = 0;
        try (ChannelFilter s = new ChannelFilter(CanLogs.open(log), "can1")) {
            while (s.next() != null) {
                n++;
            }
            assertThat(s.skipped()).isEqualTo(500);
            assertThat(s.seenChannels()).containsExactly("can0");
        }
        assertThat(n).isEqualTo(500);
    }
}
