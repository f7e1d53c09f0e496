package io.voltrace.cli.can;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParser;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast JSON writer prints exactly what the BigDecimal-based line printer printed, byte for byte. */
class FrameJsonTest {

    /** The line as can decode printed it before FrameJson (JsonLine, BigDecimal for every integer signal). */
    static String reference(DbcDatabase db, CanFrame f) {
        DbcMessage m = db.message(f.id(), f.extended());
        StringBuilder sb = new StringBuilder();
        sb.append("{\"t\": ");
        if (f.timestampMicros() < 0) {
            sb.append("null");
        } else {
            JsonLine.seconds(sb, f.timestampMicros());
        }
        sb.append(", \"id\": \"0x").append(Integer.toHexString(f.id()).toUpperCase(Locale.ROOT))
                .append("\", \"extended\": ").append(f.extended()).append(", \"message\": ");
        if (m == null) {
            sb.append("null, \"signals\": {}}");
        } else {
            JsonLine.string(sb, m.name());
            sb.append(", \"signals\": {");
            int[] count = {0};
            m.decode(f.data(), f.length(), (signal, index, raw, physical) -> {
                if (count[0]++ > 0) {
                    sb.append(", ");
                }
                JsonLine.string(sb, signal.name());
                sb.append(": ");
                String text = signal.choice(raw);
                if (text != null) {
                    JsonLine.string(sb, text);
                } else {
                    JsonLine.physical(sb, signal, raw, physical);
                }
            });
            sb.append("}}");
        }
        return sb.append('\n').toString();
    }

    @Test
    void randomSignalsScalesAndOffsetsPrintTheSame() throws Exception {
        String[] factors = {"1", "0.01", "0.1", "-0.1", "0.5", "0.001", "1E-7", "0.0625", "1000", "2.5E-5",
            "0.390625", "13.725", "-3", "3.0517578125E-5"};
        String[] offsets = {"0", "-40", "40", "-40.5", "0.25", "-1E3", "1E-4", "-32768"};
        StringBuilder dbc = new StringBuilder("VERSION \"\"\nBS_:\nBU_: ECU\n");
        Random r = new Random(15);
        int id = 0x100;
        for (String fa : factors) {
            for (String off : offsets) {
                dbc.append("BO_ ").append(id++).append(" M").append(id).append(": 8 ECU\n");
                dbc.append(" SG_ A : 0|16@1+ (").append(fa).append(',').append(off).append(") [0|0] \"\" ECU\n");
                dbc.append(" SG_ B : 16|16@1- (").append(fa).append(',').append(off).append(") [0|0] \"\" ECU\n");
                dbc.append(" SG_ C : 39|32@0- (").append(fa).append(',').append(off).append(") [0|0] \"\" ECU\n");
            }
        }
        DbcDatabase db = DbcParser.parse("random.dbc", new StringReader(dbc.toString()));
        StringWriter out = new StringWriter();
        FrameJson json = new FrameJson(out);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            byte[] d = new byte[8];
            r.nextBytes(d);
            if (i % 7 == 0) {
                java.util.Arrays.fill(d, (byte) 0);
            }
            int frameId = 0x100 + r.nextInt(id - 0x100 + 3); // a few unknown ids too
            CanFrame f = new CanFrame(i % 11 == 0 ? -1 : r.nextLong() & 0xFFFF_FFFF_FFFFL, frameId, false, false, d, 8);
            json.frame(f, db.message(f.id(), false));
            expected.append(reference(db, f));
        }
        json.flush();
        assertThat(out.toString()).isEqualTo(expected.toString());
    }

    @Test
    void theKonaLogPrintsTheSame() throws Exception {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured == null || configured.isBlank() ? Path.of("../../shared/data") : Path.of(configured);
        Path log = root.resolve("can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv");
        Path dbcFile = root.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc");
        if (!Files.isRegularFile(log) || !Files.isRegularFile(dbcFile)) {
            System.out.println("skipped: shared data not found at " + root.toAbsolutePath().normalize());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(log) && Files.isRegularFile(dbcFile));
        DbcDatabase db = DbcParser.parse(dbcFile);
        StringWriter out = new StringWriter();
        FrameJson json = new FrameJson(out);
        StringBuilder expected = new StringBuilder();
        int n = 0;
        try (CanLogSource s = CanLogs.open(log)) {
            CanFrame f;
            while ((f = s.next()) != null) {
                json.frame(f, db.message(f.id(), f.extended()));
                expected.append(reference(db, f));
                n++;
            }
        }
        json.flush();
        assertThat(n).isEqualTo(39_546);
        assertThat(out.toString()).isEqualTo(expected.toString());
    }
}
