package io.voltrace.edge.can;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Replays a Vector ASC log (CANoe/CANalyzer and the many tools that write the format).
 *
 * <p>Header lines: {@code date ...}, {@code base hex|dec  timestamps absolute|relative}, {@code [no] internal events
 * logged}, {@code Begin/End Triggerblock}, {@code //} comments. Events start with their time in seconds:
 * <ul>
 *   <li>classic CAN: {@code 0.153600 1  594  Rx   d 8 34 21 34 21 A0 61 04 20 [Length = ...]}, ids with a trailing
 *       {@code x} are extended; {@code r} marks a remote frame;</li>
 *   <li>CAN FD: {@code 0.2 CANFD 1 Rx 18FEF100x [name] <brs> <esi> <dlc> <data length> <bytes> <duration>
 *       <bit count> <flags> ...}; the flags tell FD (EDL, 0x1000) from classic frames logged on an FD channel;</li>
 *   <li>{@code ErrorFrame} lines are counted as error frames; {@code TxRq} (transmit requests, the frame itself
 *       follows as {@code Tx}), statistics, status and other events are skipped.</li>
 * </ul>
 * In {@code base dec} ids and bytes are decimal. Timestamps become microseconds since the start of measurement
 * (relative timestamps, each from the previous event, are added up); {@link #measurementStart()} gives the wall-clock
 * start when the {@code date} line can be read. Malformed lines are set aside as {@link CanLogSource} says.
 */
public final class AscLogSource extends CanLogSource {

    private static final int EDL = 0x1000;
    private static final int REMOTE = 0x10;

    /** CANoe writes {@code Thu Nov 9 08:36:33.123 pm 2023}; some tools leave out the milliseconds or am/pm. */
    private static final List<DateTimeFormatter> DATE_FORMATS = Stream.of(
                    "EEE MMM d hh:mm:ss.SSS a yyyy", "EEE MMM d HH:mm:ss.SSS yyyy", "EEE MMM d hh:mm:ss a yyyy",
                    "EEE MMM d HH:mm:ss yyyy")
            .map(p -> new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
                    .toFormatter(Locale.ENGLISH))
            .toList();

    private int radix = 16;
    private boolean relative;
    private long lastMicros;
    private long otherEvents;
    private Instant measurementStart;

    /** Opens a log file, read as ISO-8859-1 so that stray bytes reject a line instead of the file. */
    public AscLogSource(Path file) throws IOException {
        this(String.valueOf(file.getFileName()),
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1));
    }

    /** Reads from any reader; {@code name} appears in {@link #rejected()} and {@link #describe()}. */
    public AscLogSource(String name, Reader reader) {
        super(name, reader);
    }

    /** Wall-clock start of the measurement from the {@code date} line (taken as UTC unless it names a zone). */
    public Instant measurementStart() {
        return measurementStart;
    }

    /** Events skipped that are neither frames nor error frames (transmit requests, statistics, status...). */
    public long otherEvents() {
        return otherEvents;
    }

    @Override
    protected String formatName() {
        return "Vector ASC log";
    }

    @Override
    protected CanFrame parseLine(String line) {
        String t = line.strip();
        if (t.startsWith("//")) {
            return null;
        }
        String[] w = t.split("\\s+");
        char first = w[0].charAt(0);
        if (!(first >= '0' && first <= '9' || first == '.')) {
            header(t, w);
            return null;
        }
        long time = LogNumbers.secondsToMicros(w[0]);
        if (relative) {
            time += lastMicros;
        }
        lastMicros = time;
        if (w.length < 2) {
            throw new IllegalArgumentException("nothing after the time " + w[0]);
        }
        if (w[1].equalsIgnoreCase("CANFD")) {
            return fdFrame(time, w);
        }
        if (!LogNumbers.digits(w[1]) || w.length < 3) {
            // Start of measurement, CAN 1 Status:..., SV:, J1939TP, LIN...: not CAN frames
            otherEvents++;
            return null;
        }
        if (w[2].equalsIgnoreCase("ErrorFrame")) {
            countError();
            return null;
        }
        if (!looksLikeId(w[2])) {
            otherEvents++;
            return null;
        }
        return classicFrame(time, w);
    }

    private void header(String t, String[] w) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("date ")) {
            measurementStart = date(t.substring(5).strip());
        } else if (lower.startsWith("base ")) {
            for (int k = 0; k + 1 < w.length; k += 2) {
                String key = w[k].toLowerCase(Locale.ROOT);
                String value = w[k + 1].toLowerCase(Locale.ROOT);
                if (key.equals("base")) {
                    if (!value.equals("hex") && !value.equals("dec")) {
                        throw new IllegalArgumentException("base must be hex or dec, found '" + w[k + 1] + "'");
                    }
                    radix = value.equals("hex") ? 16 : 10;
                } else if (key.equals("timestamps")) {
                    if (!value.equals("absolute") && !value.equals("relative")) {
                        throw new IllegalArgumentException("timestamps must be absolute or relative, found '"
                                + w[k + 1] + "'");
                    }
                    relative = value.equals("relative");
                }
            }
        } else if (!lower.endsWith("internal events logged") && !lower.startsWith("begin triggerblock")
                && !lower.startsWith("end triggerblock")) {
            throw new IllegalArgumentException("not an ASC line: neither a header nor an event starting with its"
                    + " time");
        }
    }

    private static Instant date(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc1123) {
            String single = text.replaceAll("\\s+", " ");
            for (DateTimeFormatter f : DATE_FORMATS) {
                try {
                    return LocalDateTime.parse(single, f).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    // next
                }
            }
            // Localised day and month names (German CANoe...): the start stays unknown; frames are unaffected.
            return null;
        }
    }

    private boolean looksLikeId(String w) {
        String digits = w.endsWith("x") || w.endsWith("X") ? w.substring(0, w.length() - 1) : w;
        return LogNumbers.unsigned(digits, radix, radix == 16 ? 8 : 10) >= 0;
    }

    /** {@code time channel id dir d|r dlc bytes...}. */
    private CanFrame classicFrame(long time, String[] w) {
        String dir = w.length > 3 ? w[3] : "";
        if (dir.equalsIgnoreCase("TxRq")) {
            otherEvents++;
            return null;
        }
        if (!dir.equalsIgnoreCase("Rx") && !dir.equalsIgnoreCase("Tx")) {
            throw new IllegalArgumentException("expected Rx or Tx after id " + w[2] + ", found '" + dir + "'");
        }
        String kind = w.length > 4 ? w[4] : "";
        if (kind.equalsIgnoreCase("r")) {
            countRemote();
            return null;
        }
        if (!kind.equalsIgnoreCase("d")) {
            throw new IllegalArgumentException("expected d (data) or r (remote) after " + dir + ", found '" + kind
                    + "'");
        }
        long dlc = w.length > 5 ? LogNumbers.unsigned(w[5], radix, 2) : -1;
        if (dlc < 0 || dlc > 15) {
            throw new IllegalArgumentException("bad DLC '" + (w.length > 5 ? w[5] : "") + "'");
        }
        int length = (int) Math.min(dlc, 8);
        if (w.length < 6 + length) {
            throw new IllegalArgumentException("DLC " + dlc + " but " + (w.length - 6) + " data bytes");
        }
        byte[] data = new byte[length];
        for (int b = 0; b < length; b++) {
            data[b] = LogNumbers.dataByte(w[6 + b], radix);
        }
        IdText id = id(w[2]);
        channel(w[1]);
        return new CanFrame(time, id.id, id.extended, false, data, length);
    }

    /** {@code time CANFD channel dir id [name] brs esi dlc dataLength bytes... duration bitCount flags ...}. */
    private CanFrame fdFrame(long time, String[] w) {
        if (w.length < 5) {
            throw new IllegalArgumentException("CANFD event too short");
        }
        if (!LogNumbers.digits(w[2])) {
            throw new IllegalArgumentException("bad CANFD channel '" + w[2] + "'");
        }
        if (w[4].equalsIgnoreCase("ErrorFrame") || w[3].equalsIgnoreCase("ErrorFrame")) {
            countError();
            return null;
        }
        String dir = w[3];
        if (dir.equalsIgnoreCase("TxRq")) {
            otherEvents++;
            return null;
        }
        if (!dir.equalsIgnoreCase("Rx") && !dir.equalsIgnoreCase("Tx")) {
            throw new IllegalArgumentException("expected Rx or Tx after CANFD channel, found '" + dir + "'");
        }
        if (!looksLikeId(w[4])) {
            throw new IllegalArgumentException("bad CAN id '" + w[4] + "'");
        }
        IdText id = id(w[4]);
        // An optional symbolic message name stands before BRS, which is 0 or 1.
        int k = w.length > 5 && !LogNumbers.digits(w[5]) ? 6 : 5;
        if (w.length < k + 4) {
            throw new IllegalArgumentException("CANFD event without BRS, ESI, DLC and data length");
        }
        long dlc = LogNumbers.unsigned(w[k + 2], radix, 2);
        if (dlc < 0 || dlc > 15) {
            throw new IllegalArgumentException("bad DLC '" + w[k + 2] + "'");
        }
        long length = LogNumbers.unsigned(w[k + 3], 10, 2);
        if (length < 0 || length > 64) {
            throw new IllegalArgumentException("bad data length '" + w[k + 3] + "'");
        }
        int start = k + 4;
        if (w.length < start + length) {
            throw new IllegalArgumentException("data length " + length + " but " + (w.length - start)
                    + " data bytes");
        }
        boolean fd = true;
        int flagsAt = start + (int) length + 2;
        if (w.length > flagsAt) {
            long flags = LogNumbers.unsigned(w[flagsAt], 16, 8);
            if (flags >= 0) {
                if ((flags & REMOTE) != 0 && (flags & EDL) == 0) {
                    countRemote();
                    return null;
                }
                fd = (flags & EDL) != 0;
            }
        }
        if (!fd && length > 8) {
            throw new IllegalArgumentException("classic CAN frame (flags without EDL) with " + length
                    + " data bytes");
        }
        byte[] data = new byte[(int) length];
        for (int b = 0; b < length; b++) {
            data[b] = LogNumbers.dataByte(w[start + b], radix);
        }
        channel(w[2]);
        return new CanFrame(time, id.id, id.extended, fd, data, (int) length);
    }

    private record IdText(int id, boolean extended) {
    }

    private IdText id(String w) {
        boolean x = w.endsWith("x") || w.endsWith("X");
        String digits = x ? w.substring(0, w.length() - 1) : w;
        long v = LogNumbers.unsigned(digits, radix, radix == 16 ? 8 : 10);
        if (v < 0) {
            throw new IllegalArgumentException("bad CAN id '" + w + "'");
        }
        // ASC marks every extended id with x: a larger id without it is an error, not a guess.
        return new IdText(LogNumbers.checkedId(v, x, w), x);
    }
}
