package io.voltrace.cli.can;

import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.can.CandumpFormat;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.diag.DiagDecoder;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollDefinitionException;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParseException;
import io.voltrace.edge.dbc.DbcParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code voltrace can decode}: one JSON object per decoded frame on stdout, e.g.
 * {@code {"t": 0.155050, "id": "0x542", "extended": false, "message": "BMS_542", "signals": {"SocDisp": 50, ...}}}.
 * Signal values are physical (scaled), or the {@code VAL_} text where the DBC names the raw value. Everything else
 * (DBC warnings, log lines set aside, the closing count) goes to stderr, so stdout stays valid JSON lines.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes CAN frames with a DBC file and prints one JSON object per frame on standard output "
                + "(physical values, or the DBC's value names). Use it to check a DBC against a capture, or to turn a "
                + "log into JSON lines for jq and scripts.",
            "Logs: candump (-L or screen), Vector ASC, SavvyCAN CSV, recognised by content. Warnings, the closing "
                    + "count and progress of long logs go to standard error.",
            "With --poll instead of --dbc it reassembles the diagnostic (ISO-TP) responses in the log and decodes them "
                    + "with a poll definition: {\"t\", \"module\", \"pid\", \"bytes\", \"values\", \"bms\"} per "
                    + "response, then {\"snapshot\": ...} with the latest of each BMS field (cellVoltages index 0 = "
                    + "cell 1). Malformed or out-of-order ISO-TP sequences are reported on standard error and skipped.",
            "Exit 2 with a one-line reason when the DBC, the poll definition, the log or a frame cannot be read."},
        footer = {"  ./voltrace can decode --dbc edge-agent/src/main/resources/dbc/voltrace-bms.dbc "
                + "--frame 100#40C3A8FF2C01C800",
            "  ./voltrace can decode --dbc ../shared/data/vehicle-dbc/kona_ev_dbc/pcan.dbc \\",
            "      --log ../shared/data/can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv | head",
            "  ./voltrace can decode --dbc vehicle.dbc --log capture.log --all -q > frames.jsonl",
            "  ./voltrace can decode --poll hyundai-kona-ev \\",
            "      --log \"../shared/data/can-logs/kona_ev_logs/bms_diagnostics/Main Relay (+) On.asc\""})
public final class CanDecodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--dbc", paramLabel = "FILE", description = "DBC file (or --poll)")
    Path dbc;

    @Option(names = "--poll", paramLabel = "NAME|FILE",
            description = {"decode diagnostic (ISO-TP) responses with a poll definition instead of a DBC: a shipped "
                    + "one (hyundai-kona-ev, nissan-leaf-aze0, renault-zoe-gen1) or a file; needs --log. One JSON "
                    + "object per response, then {\"snapshot\": ...}"})
    String poll;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--log", paramLabel = "FILE", description = "CAN log to decode")
        Path log;

        @Option(names = "--frame", paramLabel = "ID#HEX",
                description = {"a frame as cansend takes it: 132#A0B1C2, 18FEF100#01 (8 hex digits or more than"
                        + " 0x7FF: extended), 123##1AABB (CAN FD, flags nibble after ##); repeatable"})
        List<String> frames;
    }

    @Option(names = "--all", description = "also print frames of ids the DBC does not know (message null)")
    boolean all;

    @Option(names = "--channel", paramLabel = "NAME",
            description = "only frames of this channel as the log names it (candump can0, ASC 1, SavvyCAN bus 0)")
    String channel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((dbc == null) == (poll == null)) {
            return fail(err, "give --dbc FILE (frames by DBC) or --poll NAME|FILE (diagnostic responses), one of them");
        }
        if (poll != null) {
            return decodePolls(out, err);
        }
        DbcDatabase db;
        try {
            db = DbcParser.parse(dbc);
        } catch (DbcParseException e) {
            return fail(err, "bad DBC " + e.getMessage());
        } catch (IOException e) {
            return fail(err, "cannot read DBC " + dbc + ": " + reason(e));
        }
        db.warnings().forEach(w -> err.println("warning: " + w));
        if (input.frames != null) {
            List<CanFrame> frames = new ArrayList<>();
            for (String text : input.frames) {
                CandumpFormat.Line line;
                try {
                    line = CandumpFormat.parseFrame(text);
                } catch (IllegalArgumentException e) {
                    return fail(err, "bad frame '" + text + "': " + e.getMessage());
                }
                if (line.kind() != CandumpFormat.Kind.DATA) {
                    return fail(err, "frame '" + text + "' is a remote frame: no data to decode");
                }
                frames.add(line.frame());
            }
            StringBuilder sb = new StringBuilder(256);
            for (CanFrame f : frames) {
                print(out, sb, db, f);
            }
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        return decodeLog(db, out, err);
    }

    private int decodeLog(DbcDatabase db, PrintWriter out, PrintWriter err) {
        if (!Files.isRegularFile(input.log)) {
            return fail(err, "cannot read log " + input.log + ": " + (Files.exists(input.log) ? "not a file"
                    : "no such file"));
        }
        long frames = 0;
        long printed = 0;
        // The reader does not expose its byte position, so the total is unknown: a count and a rate are shown.
        FrameJson json = new FrameJson(out);
        try (CanLogSource source = CanLogs.open(input.log);
             Progress progress = progressOptions.start("decode " + input.log.getFileName(), 0, "frames")) {
            CanFrame f;
            while ((f = source.next()) != null) {
                if ((source.frames() & 0xFFF) == 0) {
                    progress.set(source.frames());
                }
                if (channel != null && !channel.equals(source.channel())) {
                    continue;
                }
                frames++;
                DbcMessage m = db.message(f.id(), f.extended());
                if (m != null || all) {
                    json.frame(f, m);
                    printed++;
                }
            }
            json.flush();
            progress.set(source.frames());
            progress.close(); // its last line before the summary below
            out.flush();
            source.rejected().forEach(r -> err.println("warning: " + r));
            if (source.rejectedCount() > source.rejected().size()) {
                err.println("warning: " + (source.rejectedCount() - source.rejected().size())
                        + " more lines set aside");
            }
            err.printf("%s: %d frames%s, %d printed, %d lines set aside%n", source.describe(), frames,
                    channel == null ? "" : " on channel " + channel, printed, source.rejectedCount());
        } catch (IOException e) {
            try {
                json.flush();
            } catch (IOException ignored) {
                // the output is gone too; the reason below is what matters
            }
            out.flush();
            return fail(err, "cannot read log " + reason(e));
        }
        return CommandLine.ExitCode.OK;
    }

    private int decodePolls(PrintWriter out, PrintWriter err) {
        if (input.log == null) {
            return fail(err, "--poll decodes a log: give --log FILE");
        }
        PollDefinition definition;
        try {
            definition = PollDefinition.named(poll);
        } catch (PollDefinitionException e) {
            return fail(err, "bad poll definition " + e.getMessage());
        } catch (IOException e) {
            return fail(err, "cannot read poll definition " + poll + ": " + reason(e));
        }
        if (!Files.isRegularFile(input.log)) {
            return fail(err, "cannot read log " + input.log + ": " + (Files.exists(input.log) ? "not a file"
                    : "no such file"));
        }
        try (CanLogSource source = CanLogs.open(input.log)) {
            DiagDecoder d = new PollDecode(out, err, String.valueOf(input.log.getFileName()))
                    .run(definition, source, channel);
            out.flush();
            source.rejected().forEach(r -> err.println("warning: " + r));
            err.printf("%s: %d frames, %d responses decoded, %d negative, %d other messages, %d ISO-TP errors%n",
                    source.describe(), source.frames(), d.responses(), d.negatives(), d.others(), d.errors());
        } catch (IOException e) {
            out.flush();
            return fail(err, "cannot read log " + reason(e));
        }
        return CommandLine.ExitCode.OK;
    }

    /** Prints the frame's line if its message is known (or --all); returns whether it printed. */
    private boolean print(PrintWriter out, StringBuilder sb, DbcDatabase db, CanFrame f) {
        DbcMessage m = db.message(f.id(), f.extended());
        if (m == null && !all) {
            return false;
        }
        sb.setLength(0);
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
        out.println(sb);
        return true;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static int fail(PrintWriter err, String reason) {
        err.println("voltrace can decode: " + reason.replace('\n', ' '));
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }
}
