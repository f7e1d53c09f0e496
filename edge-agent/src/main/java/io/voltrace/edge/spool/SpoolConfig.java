package io.voltrace.edge.spool;

import java.nio.file.Path;

/**
 * Where the spool lives and how large it may grow.
 *
 * @param dir          its folder, created if missing; one agent per folder (a lock file enforces it)
 * @param maxBytes     bound on the files' total size; beyond it the oldest telemetry is dropped
 * @param segmentBytes size at which the active segment is closed and a new one begun; the unit of deletion
 * @param fsync        when appends are forced to the device
 */
public record SpoolConfig(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
    public static final long MIN_SEGMENT_BYTES = 4096;

    public SpoolConfig {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment size must be at least " + MIN_SEGMENT_BYTES
                    + " bytes, was " + segmentBytes);
        }
        if (maxBytes < 4 * segmentBytes) {
            throw new IllegalArgumentException("spool size " + maxBytes + " must be at least four segments ("
                    + 4 * segmentBytes + " bytes): whole segments are the unit of dropping");
        }
    }

    public static SpoolConfig of(Path dir) {
        return new SpoolConfig(dir, 64L << 20, 1L << 20, FsyncPolicy.every(java.time.Duration.ofSeconds(1)));
    }

    /** The largest payload one record may carry: a quarter of a segment, at most 1 MiB. */
    public int maxPayloadBytes() {
        return (int) Math.min(1 << 20, segmentBytes / 4);
    }
}
