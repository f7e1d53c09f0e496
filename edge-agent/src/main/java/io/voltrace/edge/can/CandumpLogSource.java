package io.voltrace.edge.can;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays a candump log ({@code candump -L}, or the screen format; see {@link CandumpFormat}). Blank lines and lines
 * starting with {@code #} are ignored; the rest is as {@link CanLogSource}.
 */
public final class CandumpLogSource extends CanLogSource {

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
        super(name, reader);
    }

    @Override
    protected CanFrame parseLine(String line) {
        if (line.stripLeading().startsWith("#")) {
            return null;
        }
        CandumpFormat.Line parsed = CandumpFormat.parse(line);
        switch (parsed.kind()) {
            case DATA -> {
                channel(parsed.iface());
                return parsed.frame();
            }
            case REMOTE -> countRemote();
            case ERROR -> countError();
        }
        return null;
    }

    @Override
    protected String formatName() {
        return "candump log";
    }
}
