package io.voltrace.cli.can;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.diag.BmsReadings;
import io.voltrace.edge.diag.BmsTarget;
import io.voltrace.edge.diag.DiagDecoder;
import io.voltrace.edge.diag.DiagResponse;
import io.voltrace.edge.diag.NegativeResponse;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * {@code can decode --poll}: reassembles the diagnostic responses of a log with a poll definition and prints one
 * JSON object per response, then the merged BMS snapshot. ISO-TP problems and negative responses go to stderr.
 */
final class PollDecode implements DiagDecoder.Listener {

    private final PrintWriter out;
    private final PrintWriter err;
    private final String logName;
    private final BmsReadings snapshot = new BmsReadings();
    private final StringBuilder sb = new StringBuilder(1024);

    PollDecode(PrintWriter out, PrintWriter err, String logName) {
        this.out = out;
        this.err = err;
        this.logName = logName;
    }

    /** Decodes the log; returns the decoder for its counts. */
    DiagDecoder run(PollDefinition definition, CanLogSource source, String channel) throws IOException {
        DiagDecoder decoder = new DiagDecoder(definition, this);
        CanFrame f;
        while ((f = source.next()) != null) {
            if (channel == null || channel.equals(source.channel())) {
                decoder.accept(f);
            }
        }
        sb.setLength(0);
        sb.append("{\"snapshot\": ");
        bms(sb, snapshot);
        sb.append('}');
        out.println(sb);
        return decoder;
    }

    @Override
    public void response(DiagResponse r) {
        snapshot.merge(r.bms());
        sb.setLength(0);
        sb.append("{\"t\": ");
        if (r.timestampMicros() < 0) {
            sb.append("null");
        } else {
            JsonLine.seconds(sb, r.timestampMicros());
        }
        sb.append(", \"module\": \"").append(r.request().module().response()).append("\", \"pid\": \"")
                .append(r.request().pidText()).append("\", \"bytes\": ").append(r.bytes()).append(", \"values\": {");
        int n = 0;
        for (Map.Entry<String, Object> e : r.values().entrySet()) {
            if (n++ > 0) {
                sb.append(", ");
            }
            JsonLine.string(sb, e.getKey());
            sb.append(": ");
            if (e.getValue() instanceof double[] a) {
                array(sb, a);
            } else {
                number(sb, (Double) e.getValue());
            }
        }
        sb.append("}, \"bms\": ");
        bms(sb, r.bms());
        sb.append('}');
        out.println(sb);
    }

    @Override
    public void negative(long t, PollModule module, int service, int code) {
        err.printf("%s: %s at %s s: negative response to service 0x%02X: %s%n", logName, module.response(),
                seconds(t), service, NegativeResponse.describe(code));
    }

    @Override
    public void error(long t, PollModule module, String reason) {
        err.printf("warning: %s: %s at %s s: %s; skipped%n", logName, module.response(), seconds(t), reason);
    }

    private static String seconds(long t) {
        StringBuilder s = new StringBuilder();
        if (t < 0) {
            return "?";
        }
        JsonLine.seconds(s, t);
        return s.toString();
    }

    /** The BMS fields present, in a fixed order: cells, temperatures, then the scalars. */
    static void bms(StringBuilder sb, BmsReadings b) {
        sb.append('{');
        int n = 0;
        double[] cells = b.cellVoltages();
        if (cells.length > 0) {
            sb.append("\"cellVoltages\": ");
            array(sb, cells);
            n++;
        }
        double[] temps = b.cellTemperatures();
        if (temps.length > 0) {
            sb.append(n++ > 0 ? ", " : "").append("\"cellTemperatures\": ");
            array(sb, temps);
        }
        for (Map.Entry<BmsTarget, Double> e : b.scalars().entrySet()) {
            sb.append(n++ > 0 ? ", " : "").append('"').append(e.getKey().key()).append("\": ");
            number(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, double[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            number(sb, a[i]);
        }
        sb.append(']');
    }

    /** Rounded to 6 decimals, so a raw count times 0.001 prints 3.921 and not its binary neighbour; NaN as null. */
    static void number(StringBuilder sb, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else {
            sb.append(BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        }
    }
}
