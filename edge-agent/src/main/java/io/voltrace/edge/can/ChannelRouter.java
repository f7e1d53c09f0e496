package io.voltrace.edge.can;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The frames of several channels of one multi-bus log, each tagged with its bus: channel names as the log names them
 * (candump {@code can0}, ASC {@code 1}, SavvyCAN bus {@code 0}), as {@code can decode --channel} takes them. Frames of
 * channels no bus names are passed over and counted; {@link #seenChannels()} says which the log does name.
 */
public final class ChannelRouter implements CanFrameSource, BusTagged {
    private final CanLogSource source;
    private final Map<String, Integer> busByChannel;
    private final Set<String> seen = new TreeSet<>();
    private int bus;
    private long skipped;

    /** @param channels the channel of each bus, in bus order */
    public ChannelRouter(CanLogSource source, List<String> channels) {
        this.source = source;
        Map<String, Integer> map = new java.util.HashMap<>();
        for (int i = 0; i < channels.size(); i++) {
            if (map.putIfAbsent(channels.get(i), i) != null) {
                throw new IllegalArgumentException("channel " + channels.get(i) + " is named by two buses");
            }
        }
        this.busByChannel = Map.copyOf(map);
    }

    @Override
    public CanFrame next() throws IOException {
        CanFrame f;
        while ((f = source.next()) != null) {
            String c = source.channel();
            Integer b = c == null ? null : busByChannel.get(c);
            if (b != null) {
                bus = b;
                return f;
            }
            if (c != null && seen.size() < 64) {
                seen.add(c);
            }
            skipped++;
        }
        return null;
    }

    @Override
    public int bus() {
        return bus;
    }

    /** Frames of channels no bus names. */
    public long skipped() {
        return skipped;
    }

    /** Channels the log names that no bus takes (at most 64). */
    public Set<String> seenChannels() {
        return java.util.Collections.unmodifiableSet(seen);
    }

    @Override
    public String describe() {
        return source.describe() + " channels " + busByChannel.keySet();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
