package io.voltrace.edge.can;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Opens a CAN log of any format this agent reads, recognised by its content, whatever the file is called. */
public final class CanLogs {

    public enum Format {
        /** can-utils candump: {@code -L} log lines or the screen format. */
        CANDUMP,
        /** Vector ASC. */
        VECTOR_ASC,
        /** SavvyCAN / GVRET CSV. */
        SAVVYCAN_CSV
    }

    /** How much of the file is looked at. */
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final Pattern ASC_EVENT = Pattern.compile("^\\d+\\.\\d+\\s+(\\d+|CANFD)\\s+\\S+.*",
            Pattern.CASE_INSENSITIVE);

    private CanLogs() {
    }

    /** Opens the log with the reader of its format. */
    public static CanLogSource open(Path file) throws IOException {
        return switch (detect(file)) {
            case CANDUMP -> new CandumpLogSource(file);
            case VECTOR_ASC -> new AscLogSource(file);
            case SAVVYCAN_CSV -> new SavvyCsvLogSource(file);
        };
    }

    /**
     * The format of a log, from its first lines.
     *
     * @throws IOException when the file cannot be read, is empty, or is in no format this agent reads; the message
     *                     names the file and shows the line that gave it away
     */
    public static Format detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        String name = String.valueOf(file.getFileName());
        if (head.length >= 4 && head[0] == 'L' && head[1] == 'O' && head[2] == 'G' && head[3] == 'G') {
            throw new IOException(name + ": Vector BLF is a binary format this agent does not read;"
                    + " export the log as ASC");
        }
        String text = CanLogSource.withoutByteOrderMark(new String(head, StandardCharsets.ISO_8859_1));
        // The first line that is not blank or a comment decides: every format states itself there.
        for (String line : text.split("\r\n|\r|\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("//") || t.startsWith("#")) {
                continue;
            }
            Format f = formatOf(t);
            if (f == null) {
                throw new IOException(name + ": unknown CAN log format (expected candump, Vector ASC or SavvyCAN"
                        + " CSV), first line reads '" + shorten(t) + "'");
            }
            return f;
        }
        throw new IOException(name + ": empty log, no frames and no format to recognise");
    }

    private static Format formatOf(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (SavvyCsvLogSource.isHeader(t)) {
            return Format.SAVVYCAN_CSV;
        }
        if (lower.startsWith("date ") || lower.startsWith("base hex") || lower.startsWith("base dec")
                || lower.startsWith("begin triggerblock") || lower.endsWith("internal events logged")
                || ASC_EVENT.matcher(t).matches()) {
            return Format.VECTOR_ASC;
        }
        try {
            CandumpFormat.parse(t);
            return Format.CANDUMP;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String shorten(String t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length() && sb.length() < 80; i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        return t.length() > 80 ? sb + "..." : sb.toString();
    }
}
