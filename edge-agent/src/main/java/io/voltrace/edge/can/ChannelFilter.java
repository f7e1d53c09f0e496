package io.voltrace.edge.can;

import java.io.IOException;

/**
 * The frames of one channel of a multi-bus log, named as the log names it (candump {@code can0}, ASC {@code 1},
 * SavvyCAN bus {@code 0}), as {@code can decode --channel} takes it. A log that never names that channel delivers
 * nothing, and {@link #seenChannels()} says which it does name.
 */
public final class ChannelFilter implements CanFrameSource {

    private final CanLogSource source;
    private final String channel;
    private final java.util.Set<String> seen = new java.util.TreeSet<>();
    private long skipped;

    public ChannelFilter(CanLogSource source, String channel) {
        this.source = source;
        this.channel = channel;
    }

    @Override
    public CanFrame next() throws IOException {
        CanFrame f;
        while ((f = source.next()) != null) {
            String c = source.channel();
            if (channel.equals(c)) {
                return f;
            }
            if (c != null && seen.size() < 64) {
                seen.add(c);
            }
            skipped++;
        }
        return null;
    }

    /** Frames of other channels passed over. */
    public long skipped() {
        return skipped;
    }

    /** Other channels the log names (at most 64). */
    public java.util.Set<String> seenChannels() {
        return java.util.Collections.unmodifiableSet(seen);
    }

    @Override
    public String describe() {
        return source.describe() + " channel " + channel;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
