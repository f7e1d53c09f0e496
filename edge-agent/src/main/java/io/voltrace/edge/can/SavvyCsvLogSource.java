package io.voltrace.edge.can;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays a SavvyCAN / GVRET CSV log: a header {@code Time Stamp,ID,Extended,Dir,Bus,LEN,D1,...,D8} (older
 * SavvyCAN leaves out {@code Dir}; CAN FD logs go on to {@code D64}), then one frame per line, e.g.
 * {@code 1953613500,00000109,false,0,8,00,01,00,FF,FF,FF,0F,3D}. Columns are found by their header names, so their
 * order and extra columns do not matter; rows may stop after their {@code LEN} data bytes.
 *
 * <p>The time stamp is in microseconds (SavvyCAN's unit), or in seconds when written with a decimal point. The
 * bus becomes {@link #channel()}. Lines before the header, and malformed rows, are set aside as
 * {@link CanLogSource} says.
 */
public final class SavvyCsvLogSource extends CanLogSource {

    private int time = -1;
    private int id = -1;
    private int extended = -1;
    private int bus = -1;
    private int length = -1;
    private int firstData = -1;

    /** Opens a log file, read as ISO-8859-1 so that stray bytes reject a line instead of the file. */
    public SavvyCsvLogSource(Path file) throws IOException {
        this(String.valueOf(file.getFileName()),
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1));
    }

    /** Reads from any reader; {@code name} appears in {@link #rejected()} and {@link #describe()}. */
    public SavvyCsvLogSource(String name, Reader reader) {
        super(name, reader);
    }

    @Override
    protected String formatName() {
        return "SavvyCAN CSV log";
    }

    /** True when the line is a SavvyCAN header. */
    static boolean isHeader(String line) {
        String lower = line.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("time stamp,") && lower.contains(",id,");
    }

    @Override
    protected CanFrame parseLine(String line) {
        CanFrame fast = time >= 0 ? fastRow(line) : null;
        return fast != null ? fast : slowRow(line);
    }

    /** Comma positions of the current line; grown as needed. */
    private int[] commas = new int[32];
    private String lastBus;

    /**
     * The common row (ASCII digits and letters between commas, nothing to strip) parsed in place, without splitting
     * the line into strings; null for anything else, which {@link #slowRow} then reads (and explains if bad), so both
     * agree on every line.
     */
    CanFrame fastRow(String line) {
        int n = line.length();
        int fields = 0;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == ',') {
                if (fields == commas.length) {
                    commas = java.util.Arrays.copyOf(commas, fields * 2);
                }
                commas[fields++] = i;
            } else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.')) {
                return null;
            }
        }
        fields++; // columns = commas + 1
        if (time >= fields || id >= fields || extended >= fields || length >= fields) {
            return null;
        }
        int ts = start(time);
        int te = end(time, fields, n);
        long micros = 0;
        if (te - ts < 1 || te - ts > 18) {
            return null;
        }
        for (int i = ts; i < te; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return null; // a decimal point or worse: the slow path
            }
            micros = micros * 10 + (c - '0');
        }
        int is = start(id);
        int ie = end(id, fields, n);
        if (ie - is > 2 && line.charAt(is) == '0' && (line.charAt(is + 1) == 'x' || line.charAt(is + 1) == 'X')) {
            is += 2;
        }
        if (ie - is < 1 || ie - is > 8) {
            return null;
        }
        long rawId = 0;
        for (int i = is; i < ie; i++) {
            int d = hex(line.charAt(i));
            if (d < 0) {
                return null;
            }
            rawId = rawId * 16 + d;
        }
        int es = start(extended);
        int ee = end(extended, fields, n);
        boolean isExtended;
        if (ee - es == 1 && (line.charAt(es) == '0' || line.charAt(es) == '1')) {
            isExtended = line.charAt(es) == '1';
        } else if (line.regionMatches(true, es, "false", 0, 5) && ee - es == 5) {
            isExtended = false;
        } else if (line.regionMatches(true, es, "true", 0, 4) && ee - es == 4) {
            isExtended = true;
        } else {
            return null;
        }
        if (rawId > (isExtended ? CanFrame.MAX_EXTENDED_ID : CanFrame.MAX_STANDARD_ID)) {
            return null;
        }
        int ls = start(length);
        int le = end(length, fields, n);
        if (le - ls < 1 || le - ls > 2) {
            return null;
        }
        int len = 0;
        for (int i = ls; i < le; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            len = len * 10 + (c - '0');
        }
        if (len > 64 || (len > 0 && (firstData < 0 || fields < firstData + len))) {
            return null;
        }
        byte[] data = new byte[len];
        for (int b = 0; b < len; b++) {
            int ds = start(firstData + b);
            int de = end(firstData + b, fields, n);
            if (de - ds < 1 || de - ds > 2) {
                return null;
            }
            int v = 0;
            for (int i = ds; i < de; i++) {
                int d = hex(line.charAt(i));
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            data[b] = (byte) v;
        }
        String channel = null;
        if (bus >= 0 && bus < fields) {
            int bs = start(bus);
            int be = end(bus, fields, n);
            // The bus rarely changes: reuse its string rather than cut one per row.
            if (lastBus != null && lastBus.length() == be - bs && line.regionMatches(bs, lastBus, 0, be - bs)) {
                channel = lastBus;
            } else {
                channel = lastBus = line.substring(bs, be);
            }
        }
        channel(channel);
        return new CanFrame(micros, (int) rawId, isExtended, len > 8, data, len);
    }

    private int start(int column) {
        return column == 0 ? 0 : commas[column - 1] + 1;
    }

    private int end(int column, int fields, int n) {
        return column == fields - 1 ? n : commas[column];
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    CanFrame slowRow(String line) {
        String[] f = line.split(",", -1);
        for (int k = 0; k < f.length; k++) {
            f[k] = f[k].strip();
        }
        if (isHeader(line)) {
            header(f);
            return null;
        }
        if (time < 0) {
            throw new IllegalArgumentException("expected the header 'Time Stamp,ID,Extended,...,LEN,D1,...' first");
        }
        long micros = timestamp(field(f, time, "Time Stamp"));
        String idText = field(f, id, "ID");
        String hex = idText.startsWith("0x") || idText.startsWith("0X") ? idText.substring(2) : idText;
        long rawId = LogNumbers.unsigned(hex, 16, 8);
        if (rawId < 0) {
            throw new IllegalArgumentException("bad CAN id '" + idText + "'");
        }
        String ext = field(f, extended, "Extended").toLowerCase(Locale.ROOT);
        boolean isExtended;
        switch (ext) {
            case "true", "1" -> isExtended = true;
            case "false", "0" -> isExtended = false;
            default -> throw new IllegalArgumentException("Extended must be true or false, found '" + ext + "'");
        }
        int frameId = LogNumbers.checkedId(rawId, isExtended, idText);
        String lengthText = field(f, length, "LEN");
        long len = LogNumbers.digits(lengthText) ? LogNumbers.unsigned(lengthText, 10, 2) : -1;
        if (len < 0 || len > 64) {
            throw new IllegalArgumentException("bad LEN '" + lengthText + "'");
        }
        if (len > 0 && (firstData < 0 || f.length < firstData + len)) {
            throw new IllegalArgumentException("LEN " + len + " but " + Math.max(0, f.length - firstData)
                    + " data columns");
        }
        byte[] data = new byte[(int) len];
        for (int b = 0; b < len; b++) {
            data[b] = LogNumbers.dataByte(f[firstData + b], 16);
        }
        channel(bus >= 0 && bus < f.length ? f[bus] : null);
        return new CanFrame(micros, frameId, isExtended, len > 8, data, (int) len);
    }

    private void header(String[] f) {
        time = id = extended = bus = length = firstData = -1;
        for (int k = 0; k < f.length; k++) {
            switch (f[k].toLowerCase(Locale.ROOT)) {
                case "time stamp" -> time = k;
                case "id" -> id = k;
                case "extended" -> extended = k;
                case "bus" -> bus = k;
                case "len" -> length = k;
                case "d1" -> firstData = k;
                default -> {
                    // Dir, D2..D64 and columns of newer versions
                }
            }
        }
        if (time < 0 || id < 0 || extended < 0 || length < 0) {
            time = -1;
            throw new IllegalArgumentException("SavvyCAN header without Time Stamp, ID, Extended and LEN columns");
        }
    }

    private static String field(String[] f, int column, String name) {
        if (column >= f.length) {
            throw new IllegalArgumentException("no " + name + " column (" + f.length + " columns)");
        }
        return f[column];
    }

    private static long timestamp(String t) {
        if (t.indexOf('.') >= 0) {
            return LogNumbers.secondsToMicros(t);
        }
        if (t.isEmpty() || t.length() > 18 || !LogNumbers.digits(t)) {
            throw new IllegalArgumentException("bad time stamp '" + t + "'");
        }
        return Long.parseLong(t);
    }
}
