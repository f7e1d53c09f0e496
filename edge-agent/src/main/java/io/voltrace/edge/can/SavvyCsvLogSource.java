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
