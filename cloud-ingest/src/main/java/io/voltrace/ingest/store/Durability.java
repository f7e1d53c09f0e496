package io.voltrace.ingest.store;

import java.util.Locale;

/**
 * How far a write is carried before the ingest acknowledges it ({@code store.durability}). Stated exactly in the
 * README's guarantees paragraph; measured in docs/benchmarks.md.
 */
public enum Durability {
    /**
     * The stores' own defaults: QuestDB commits without fsync, the H2 registry writes its commits to the file within
     * 0.5 s. An acknowledged sample survives the ingest process being killed, not a power loss or kernel crash.
     */
    DEFAULT,
    /**
     * QuestDB fsyncs every commit ({@code cairo.commit.mode=sync}) before the write returns; the H2 registry writes
     * each commit to its file at once ({@code WRITE_DELAY=0}, not fsynced: H2 cannot); a PostgreSQL registry runs
     * with {@code synchronous_commit=on}. An acknowledged sample survives a power loss or kernel crash too.
     */
    SYNC;

    /** QuestDB's {@code cairo.commit.mode} for this mode. */
    public String questDbCommitMode() {
        return this == SYNC ? "sync" : "nosync";
    }

    /** H2's {@code WRITE_DELAY} (ms) for this mode; set explicitly each time as H2 keeps it in the file. */
    public int h2WriteDelayMillis() {
        return this == SYNC ? 0 : 500;
    }

    /** Reads a {@code store.durability} value: {@code default} or {@code sync}; null or blank is the default. */
    public static Durability parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "sync" -> SYNC;
            default -> throw new IllegalArgumentException("store.durability '" + text + "' is not known: write"
                    + " 'default' (survives a killed process) or 'sync' (survives a power loss too, slower)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
