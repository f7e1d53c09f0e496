package io.voltrace.edge.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process appending to the spool as fast as it can is killed with SIGKILL, three times over: each time the spool
 * opens with every record it had reported appended, in order and intact, and numbering goes on without reuse.
 */
class SpoolKillIT {
    @TempDir
    Path dir;

    /** The child: appends numbered records until killed, printing each offset after the append returned. */
    public static void main(String[] args) throws Exception {
        try (Spool spool = Spool.open(new SpoolConfig(Path.of(args[0]), 64L << 20, 64 << 10, FsyncPolicy.never()))) {
            for (long i = 0; ; i++) {
                long offset = spool.append(RecordKind.PACK_SAMPLE, "VTRPE96DEMO001T5C0000042", i,
                        SpoolTest.payload(spool.stats().nextOffset()));
                if (offset % 50 == 0) {
                    spool.acknowledge(offset - 100);
                }
                System.out.println(offset);
            }
        }
    }

    @Test
    void everyReportedAppendSurvivesKillMinus9() throws Exception {
        long lastReported = -1;
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SpoolKillIT.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            long seen = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                int lines = 0;
                while ((line = out.readLine()) != null && lines++ < 3000 + round * 1000) {
                    if (line.matches("\\d+")) {
                        seen = Long.parseLong(line);
                    }
                }
                p.destroyForcibly(); // mid-append, as likely as not
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("round %d appended", round).isGreaterThan(lastReported);
            try (Spool spool = Spool.open(new SpoolConfig(dir, 64L << 20, 64 << 10, FsyncPolicy.never()))) {
                List<SpoolRecord> all = new ArrayList<>();
                Spool.Cursor cursor = spool.cursor();
                List<SpoolRecord> chunk;
                while (!(chunk = cursor.read(1000, 1 << 24)).isEmpty()) {
                    all.addAll(chunk);
                }
                long ack = spool.stats().acknowledgedUpTo();
                assertThat(all).isNotEmpty();
                assertThat(all.get(0).offset()).isEqualTo(ack + 1);
                for (int i = 0; i < all.size(); i++) {
                    assertThat(all.get(i).offset()).isEqualTo(ack + 1 + i);
                    assertThat(SpoolTest.numberOf(all.get(i))).isEqualTo(all.get(i).offset());
                }
                assertThat(all.get(all.size() - 1).offset()).as("everything reported survived")
                        .isGreaterThanOrEqualTo(seen);
                lastReported = all.get(all.size() - 1).offset();
            }
        }
    }
}
