package io.voltrace.edge.can;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes candump lines (can-utils).
 *
 * <p>Read: the log format of {@code candump -L} ({@code (1436509052.249713) vcan0 044#2A366C2BBA}, CAN FD as
 * {@code 123##1AABB} with the flags nibble after {@code ##}, remote frames as {@code 123#R}) and the screen format of
 * plain {@code candump} ({@code (002.047817)  vcan0  064   [8]  F0 01 FF ...}, optionally without timestamp, with
 * {@code remote request}, {@code ERRORFRAME} or an ASCII column). Ids of 8 hex digits are extended even when small.
 * Error frames (id with CAN_ERR_FLAG 0x20000000, or {@code ERROR}) and remote frames carry no signals.
 *
 * <p>Timestamps become microseconds as written: epoch seconds for {@code -t a}/{@code -L}, seconds since the first
 * frame for {@code -t d}/{@code -t z}; a date-time ({@code -t A}) is local time of the capturing machine and is taken
 * as UTC because the log does not say which zone it was.
 *
 * <p>Write: {@link #format} writes the {@code -L} form, which {@link #parseLine} reads back to an equal frame.
 * The CAN FD flags nibble is written as 0 because {@link CanFrame} does not keep it.
 */
public final class CandumpFormat {

    /** CAN_ERR_FLAG of linux/can.h, as candump prints it in the id of error frames. */
    static final int CAN_ERR_FLAG = 0x2000_0000;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public enum Kind {
        /** A data frame: {@link Line#frame()} holds it. */
        DATA,
        /** A remote transmission request: no payload, {@link Line#frame()} has length 0. */
        REMOTE,
        /** An error frame: {@link Line#frame()} is null. */
        ERROR
    }

    /** One parsed line. {@code frame} is null for {@link Kind#ERROR}. */
    public record Line(String iface, Kind kind, CanFrame frame) {
    }

    private CandumpFormat() {
    }

    /**
     * The data frame of a candump line, or null when the line holds a remote or error frame (which carry no signals).
     *
     * @throws IllegalArgumentException when the line is not a candump line; the message says why
     */
    public static CanFrame parseLine(String line) {
        Line l = parse(line);
        return l.kind() == Kind.DATA ? l.frame() : null;
    }

    /**
     * Parses a candump line, telling data, remote and error frames apart.
     *
     * @throws IllegalArgumentException when the line is not a candump line; the message says why
     */
    public static Line parse(String line) {
        return new Reader(line).read();
    }

    /**
     * Parses a frame as {@code cansend} takes it, without time or interface: {@code 123#DEADBEEF},
     * {@code 18FEF100#01} (more than 3 hex digits: extended id), {@code 123##1AABB} (CAN FD, flags nibble after
     * {@code ##}), {@code 123#R} (remote). Hex digits in either case. {@link Line#iface()} is null.
     *
     * @throws IllegalArgumentException when the text is not such a frame; the message says why
     */
    public static Line parseFrame(String text) {
        if (text == null) {
            throw new IllegalArgumentException("null frame");
        }
        return new Reader(text.strip()).frameOnly();
    }

    /**
     * Writes a frame as a {@code candump -L} line, e.g. {@code (1436509052.249713) vcan0 044#2A366C2BBA}.
     * The timestamp is left out when unknown (-1), the interface when null.
     */
    public static String format(CanFrame f, String iface) {
        StringBuilder sb = new StringBuilder(40 + 2 * f.length());
        if (f.timestampMicros() >= 0) {
            long seconds = f.timestampMicros() / 1_000_000;
            int micros = (int) (f.timestampMicros() % 1_000_000);
            sb.append('(').append(seconds).append('.');
            String fraction = Integer.toString(micros);
            sb.append("000000", 0, 6 - fraction.length()).append(fraction).append(") ");
        }
        if (iface != null) {
            if (iface.isEmpty() || iface.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bad interface name '" + iface + "'");
            }
            sb.append(iface).append(' ');
        }
        int digits = f.extended() ? 8 : 3;
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            sb.append(HEX[(f.id() >>> shift) & 0xF]);
        }
        sb.append(f.fd() ? "##0" : "#");
        for (int i = 0; i < f.length(); i++) {
            sb.append(HEX[(f.data()[i] >>> 4) & 0xF]).append(HEX[f.data()[i] & 0xF]);
        }
        return sb.toString();
    }

    /** A cursor over one line. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            if (s == null) {
                throw new IllegalArgumentException("null line");
            }
            this.s = s;
        }

        Line frameOnly() {
            int hash = s.indexOf('#');
            if (hash <= 0 || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("expected ID#HEX, ID##FHEX or ID#R, found '" + s + "'");
            }
            i = s.length();
            return logFormat(null, CanFrame.NO_TIMESTAMP, s, hash);
        }

        Line read() {
            skipSpaces();
            long timestamp = CanFrame.NO_TIMESTAMP;
            if (i < s.length() && s.charAt(i) == '(') {
                int close = s.indexOf(')', i);
                if (close < 0) {
                    throw new IllegalArgumentException("timestamp without ')'");
                }
                timestamp = timestamp(s.substring(i + 1, close).trim());
                i = close + 1;
                skipSpaces();
            }
            String iface = word();
            if (iface.isEmpty()) {
                throw new IllegalArgumentException("no interface name");
            }
            skipSpaces();
            String frame = word();
            if (frame.isEmpty()) {
                throw new IllegalArgumentException("no frame after interface " + iface);
            }
            if (frame.equals("ERROR")) {
                return new Line(iface, Kind.ERROR, null);
            }
            int hash = frame.indexOf('#');
            if (hash >= 0) {
                return logFormat(iface, timestamp, frame, hash);
            }
            return screenFormat(iface, timestamp, frame);
        }

        /** {@code ID#DATA}, {@code ID#R}, {@code ID##FDATA}. */
        private Line logFormat(String iface, long timestamp, String frame, int hash) {
            skipSpaces();
            if (i < s.length()) {
                int trailerStart = i;
                String trailer = word();
                skipSpaces();
                // newer can-utils may append a direction flag
                if (!trailer.equals("R") && !trailer.equals("T") || i < s.length()) {
                    throw new IllegalArgumentException("unexpected text after the frame: '"
                            + s.substring(trailerStart).trim() + "'");
                }
            }
            String idText = frame.substring(0, hash);
            long rawId = id(idText);
            boolean extended = idText.length() > 3;
            if (extended && (rawId & CAN_ERR_FLAG) != 0) {
                return new Line(iface, Kind.ERROR, null);
            }
            int id = checkedId(rawId, extended, idText);
            String rest = frame.substring(hash + 1);
            if (rest.startsWith("R")) {
                if (rest.length() > 2 || rest.length() == 2 && Character.digit(rest.charAt(1), 16) < 0) {
                    throw new IllegalArgumentException("bad remote frame '" + frame + "'");
                }
                return new Line(iface, Kind.REMOTE, new CanFrame(timestamp, id, extended, false, new byte[0], 0));
            }
            boolean fd = rest.startsWith("#");
            if (fd) {
                if (rest.length() < 2 || Character.digit(rest.charAt(1), 16) < 0) {
                    throw new IllegalArgumentException("CAN FD frame without flags nibble after '##'");
                }
                rest = rest.substring(2);
            } else {
                int underscore = rest.indexOf('_');
                if (underscore >= 0) {
                    // "_X": DLC 9..15 of an 8-byte classic frame (len8_dlc); the payload is still 8 bytes
                    if (underscore != 16 || rest.length() != 18 || Character.digit(rest.charAt(17), 16) < 9) {
                        throw new IllegalArgumentException("bad DLC suffix in '" + frame + "'");
                    }
                    rest = rest.substring(0, 16);
                }
            }
            if ((rest.length() & 1) != 0) {
                throw new IllegalArgumentException("odd number of hex digits in data '" + rest + "'");
            }
            int length = rest.length() / 2;
            if (length > (fd ? 64 : 8)) {
                throw new IllegalArgumentException((fd ? "CAN FD" : "classic CAN") + " frame with " + length
                        + " data bytes" + (fd ? "" : " (CAN FD frames are written with ##)"));
            }
            byte[] data = new byte[length];
            for (int b = 0; b < length; b++) {
                data[b] = (byte) hexByte(rest, 2 * b);
            }
            return new Line(iface, Kind.DATA, new CanFrame(timestamp, id, extended, fd, data, length));
        }

        /** {@code ID  [n]  B0 B1 ...} with optional {@code remote request}, ASCII column or {@code ERRORFRAME}. */
        private Line screenFormat(String iface, long timestamp, String idText) {
            long rawId = id(idText);
            boolean extended = idText.length() > 3;
            skipSpaces();
            String dlcText = word();
            if (dlcText.length() < 3 || dlcText.charAt(0) != '[' || dlcText.charAt(dlcText.length() - 1) != ']') {
                throw new IllegalArgumentException("expected '#' in the frame or '[length]' after the id, found '"
                        + dlcText + "'");
            }
            int length;
            try {
                length = Integer.parseInt(dlcText.substring(1, dlcText.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad length " + dlcText);
            }
            if (length < 0 || length > 64) {
                throw new IllegalArgumentException("length " + length + " out of range 0..64");
            }
            boolean error = extended && (rawId & CAN_ERR_FLAG) != 0 || s.contains("ERRORFRAME");
            if (error) {
                return new Line(iface, Kind.ERROR, null);
            }
            int id = checkedId(rawId, extended, idText);
            skipSpaces();
            if (s.startsWith("remote request", i)) {
                return new Line(iface, Kind.REMOTE, new CanFrame(timestamp, id, extended, false, new byte[0], 0));
            }
            byte[] data = new byte[length];
            for (int b = 0; b < length; b++) {
                skipSpaces();
                String hex = word();
                if (hex.length() != 2) {
                    throw new IllegalArgumentException("expected " + length + " data bytes, byte " + b + " is '"
                            + hex + "'");
                }
                data[b] = (byte) hexByte(hex, 0);
            }
            // What follows (ASCII column of candump -a) is display only.
            return new Line(iface, Kind.DATA, new CanFrame(timestamp, id, extended, length > 8, data, length));
        }

        private static long id(String hex) {
            if (hex.isEmpty() || hex.length() > 8) {
                throw new IllegalArgumentException("bad CAN id '" + hex + "'");
            }
            long v = 0;
            for (int k = 0; k < hex.length(); k++) {
                int d = Character.digit(hex.charAt(k), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("bad CAN id '" + hex + "'");
                }
                v = v << 4 | d;
            }
            return v;
        }

        private static int checkedId(long rawId, boolean extended, String text) {
            if (rawId > (extended ? CanFrame.MAX_EXTENDED_ID : CanFrame.MAX_STANDARD_ID)) {
                throw new IllegalArgumentException("CAN id " + text + " out of range for a "
                        + (extended ? "29" : "11") + "-bit id");
            }
            return (int) rawId;
        }

        private static int hexByte(String text, int at) {
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("bad hex byte '" + text.substring(at, at + 2) + "'");
            }
            return hi << 4 | lo;
        }

        /** {@code 1436509052.249713}, {@code 002.047817} or {@code 2020-12-19 12:04:45.485261}, to microseconds. */
        private static long timestamp(String t) {
            if (t.indexOf('-') > 0 && t.indexOf(':') > 0) {
                try {
                    LocalDateTime time = LocalDateTime.parse(t.replace(' ', 'T'));
                    return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + time.getNano() / 1_000;
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("bad timestamp (" + t + ")");
                }
            }
            int dot = t.indexOf('.');
            String whole = dot < 0 ? t : t.substring(0, dot);
            String fraction = dot < 0 ? "" : t.substring(dot + 1);
            if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || !digits(fraction)) {
                throw new IllegalArgumentException("bad timestamp (" + t + ")");
            }
            long micros = 0;
            for (int k = 0; k < 6; k++) {
                micros = micros * 10 + (k < fraction.length() ? fraction.charAt(k) - '0' : 0);
            }
            return Long.parseLong(whole) * 1_000_000 + micros;
        }

        private static boolean digits(String t) {
            for (int k = 0; k < t.length(); k++) {
                if (t.charAt(k) < '0' || t.charAt(k) > '9') {
                    return false;
                }
            }
            return true;
        }

        private void skipSpaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private String word() {
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }
    }
}
