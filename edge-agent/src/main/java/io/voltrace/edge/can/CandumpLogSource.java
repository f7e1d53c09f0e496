package io.voltrace.edge.can;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Replays a candump log ({@code candump -L}, or the screen format; see {@link CandumpFormat}).
 *
 * <p>Only data frames are returned. Remote and error frames are skipped and counted. A line that is not a candump
 * line does not stop the replay: it is set aside as {@code file:line: reason} in {@link #rejected()} (the first
 * {@value #MAX_REJECTED_KEPT}; {@link #rejectedCount()} counts all) and reading goes on. Blank lines and lines starting
 * with {@code #} are ignored.
 */
public final class CandumpLogSource implements CanFrameSource {

    public static final int MAX_REJECTED_KEPT = 1000;

    private final String name;
    private final BufferedReader reader;
    private final List<String> rejected = new ArrayList<>();
    private long rejectedCount;
    private long remoteFrames;
    private long errorFrames;
    private long frames;
    private long lineNumber;
    private boolean closed;

    /**
     * Opens a log file. candump writes ASCII; the file is read as ISO-8859-1 so that stray bytes make a line
     * rejected instead of failing the whole replay with a decoding error.
     */
    public CandumpLogSource(Path file) throws IOException {
        this(String.valueOf(file.getFileName()),
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1));
    }

    /** Reads from any reader; {@code name} appears in {@link #rejected()} and {@link #describe()}. */
    public CandumpLogSource(String name, Reader reader) {
        this.name = name;
        this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    }

    @Override
    public CanFrame next() throws IOException {
        if (closed) {
            throw new IOException(name + " is closed");
        }
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            CandumpFormat.Line parsed;
            try {
                parsed = CandumpFormat.parse(line);
            } catch (IllegalArgumentException e) {
                reject(e.getMessage());
                continue;
            }
            switch (parsed.kind()) {
                case DATA -> {
                    frames++;
                    return parsed.frame();
                }
                case REMOTE -> remoteFrames++;
                case ERROR -> errorFrames++;
            }
        }
        return null;
    }

    private void reject(String reason) {
        rejectedCount++;
        if (rejected.size() < MAX_REJECTED_KEPT) {
            rejected.add(name + ":" + lineNumber + ": " + reason);
        }
    }

    /** Lines set aside, as {@code file:line: reason}; at most {@value #MAX_REJECTED_KEPT}. */
    public List<String> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    /** All lines set aside, including those beyond what {@link #rejected()} keeps. */
    public long rejectedCount() {
        return rejectedCount;
    }

    /** Remote transmission requests skipped. */
    public long remoteFrames() {
        return remoteFrames;
    }

    /** Error frames skipped. */
    public long errorFrames() {
        return errorFrames;
    }

    /** Data frames returned so far. */
    public long frames() {
        return frames;
    }

    /** Lines read so far. */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public String describe() {
        return "candump log " + name;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.close();
    }
}
