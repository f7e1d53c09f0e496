package io.voltrace.edge.can;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Replays a text CAN log line by line. A line that cannot be read does not stop the replay: it is set aside as
 * {@code file:line: reason} in {@link #rejected()} (the first {@value #MAX_REJECTED_KEPT}; {@link #rejectedCount()}
 * counts all) and reading goes on. Only data frames are returned; remote and error frames, and whatever else a log
 * records (headers, comments, bus events), are skipped and counted. Not thread-safe.
 */
public abstract class CanLogSource implements CanFrameSource {

    public static final int MAX_REJECTED_KEPT = 1000;

    private final String name;
    private final BufferedReader reader;
    private final List<String> rejected = new ArrayList<>();
    private long rejectedCount;
    private long remoteFrames;
    private long errorFrames;
    private long frames;
    private long lineNumber;
    private String channel;
    private boolean closed;

    /** {@code name} (usually the file name) appears in {@link #rejected()} and {@link #describe()}. */
    protected CanLogSource(String name, Reader reader) {
        this.name = name;
        this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    }

    /**
     * The data frame on this line, or null when the line holds none (call {@link #countRemote()} or
     * {@link #countError()} for those frames).
     *
     * @throws IllegalArgumentException when the line is malformed; the message says why
     */
    protected abstract CanFrame parseLine(String line);

    /** Format name for {@link #describe()}, e.g. {@code "Vector ASC log"}. */
    protected abstract String formatName();

    @Override
    public final CanFrame next() throws IOException {
        if (closed) {
            throw new IOException(name + " is closed");
        }
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1) {
                line = withoutByteOrderMark(line);
            }
            if (line.isBlank()) {
                continue;
            }
            CanFrame frame;
            try {
                frame = parseLine(line);
            } catch (IllegalArgumentException e) {
                reject(e.getMessage());
                continue;
            }
            if (frame != null) {
                frames++;
                return frame;
            }
        }
        return null;
    }

    /** Editors on Windows start text files with a UTF-8 byte order mark; read as ISO-8859-1 it shows as three. */
    static String withoutByteOrderMark(String line) {
        if (line.startsWith("\u00EF\u00BB\u00BF")) {
            return line.substring(3);
        }
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private void reject(String reason) {
        rejectedCount++;
        if (rejected.size() < MAX_REJECTED_KEPT) {
            rejected.add(name + ":" + lineNumber + ": " + reason);
        }
    }

    protected final void countRemote() {
        remoteFrames++;
    }

    protected final void countError() {
        errorFrames++;
    }

    /** Sets the channel of the frame about to be returned. */
    protected final void channel(String channel) {
        this.channel = channel;
    }

    /**
     * Channel of the last frame returned as the log names it (candump interface {@code can0}, ASC channel
     * {@code 1}, SavvyCAN bus {@code 0}), or null when the log does not say.
     */
    public final String channel() {
        return channel;
    }

    /** Name given at construction, usually the file name. */
    public final String name() {
        return name;
    }

    /** Lines set aside, as {@code file:line: reason}; at most {@value #MAX_REJECTED_KEPT}. */
    public final List<String> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    /** All lines set aside, including those beyond what {@link #rejected()} keeps. */
    public final long rejectedCount() {
        return rejectedCount;
    }

    /** Remote transmission requests skipped. */
    public final long remoteFrames() {
        return remoteFrames;
    }

    /** Error frames skipped. */
    public final long errorFrames() {
        return errorFrames;
    }

    /** Data frames returned so far. */
    public final long frames() {
        return frames;
    }

    /** Lines read so far. */
    public final long lineNumber() {
        return lineNumber;
    }

    @Override
    public final String describe() {
        return formatName() + " " + name;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.close();
    }
}
