package io.voltrace.edge.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.dbc.SharedData;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real Kona diagnostic captures in ../shared/data reassemble without an ISO-TP error. */
class KonaDiagCapturesTest {

    private record Counts(int messages, int multiFrame, List<String> errors, List<byte[]> payloads) {
    }

    /** Reassembles every diagnostic response id 0x7E8..0x7EF (and the tester's 0x7DF/0x7E0..0x7E7) of a log. */
    private static Counts reassemble(Path log) throws IOException {
        List<String> errors = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        int[] multi = {0};
        Map<Integer, IsoTpReceiver> receivers = new HashMap<>();
        IsoTpReceiver.Listener l = new IsoTpReceiver.Listener() {
            @Override
            public void message(long t, IsoTpAddress from, byte[] payload) {
                payloads.add(payload);
                if (payload.length > 7) {
                    multi[0]++;
                }
            }

            @Override
            public void error(long t, IsoTpAddress from, String reason) {
                errors.add(log.getFileName() + " " + from + " at " + t + ": " + reason);
            }
        };
        try (CanLogSource source = CanLogs.open(log)) {
            CanFrame f;
            while ((f = source.next()) != null) {
                if (!f.extended() && f.id() >= 0x7DF && f.id() <= 0x7EF) {
                    receivers.computeIfAbsent(f.id(), id -> IsoTpReceiver.listening(IsoTpAddress.of(id), l))
                            .accept(f);
                }
            }
            assertThat(source.rejectedCount()).isZero();
        }
        return new Counts(payloads.size(), multi[0], errors, payloads);
    }

    @Test
    void bmsDiagnosticCapturesReassembleWithoutErrors() throws IOException {
        Path dir = SharedData.require("can-logs/kona_ev_logs/bms_diagnostics");
        int files = 0;
        int bmsMessages = 0;
        int negatives = 0;
        try (DirectoryStream<Path> asc = Files.newDirectoryStream(dir, "*.asc")) {
            for (Path log : asc) {
                Counts c = reassemble(log);
                assertThat(c.errors()).as(log.getFileName().toString()).isEmpty();
                for (byte[] p : c.payloads()) {
                    if ((p[0] & 0xFF) == 0x7F) {
                        negatives++;
                        assertThat(NegativeResponse.describe(p[2] & 0xFF)).isNotBlank();
                    }
                }
                bmsMessages += c.messages();
                files++;
            }
        }
        assertThat(files).isEqualTo(9);
        assertThat(bmsMessages).isGreaterThan(60); // tester present and routine control, both ways
        assertThat(negatives).isEqualTo(1); // 7F 2F 7F in the precharge-sequence capture
    }

    @Test
    void carScannerSessionReassemblesItsMultiFrameAnswers() throws IOException {
        Path log = SharedData.require("can-logs/kona_ev_logs").resolve("221210-1-2021-dcan-car-scanner-elm327.csv");
        Counts c = reassemble(log);
        assertThat(c.errors()).isEmpty();
        assertThat(c.multiFrame()).isGreaterThanOrEqualTo(3);
        assertThat(c.messages()).isGreaterThan(500);
    }
}
