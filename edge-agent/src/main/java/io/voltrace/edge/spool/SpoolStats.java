package io.voltrace.edge.spool;

/**
 * What the spool holds and has done since it was opened.
 *
 * @param heldRecords      records appended and not yet acknowledged
 * @param diskBytes        total size of the segment files
 * @param segments         number of segment files
 * @param appended         records appended since opening
 * @param acknowledgedUpTo highest offset acknowledged (all below it too), -1 before the first
 * @param nextOffset       the offset the next append gets: records ever appended to this spool
 * @param droppedRecords   telemetry records dropped by the overflow policy since opening
 * @param droppedBytes     their bytes on disk
 * @param refusedRecords   telemetry records refused because nothing older could be dropped
 * @param overBound        whether evidence or events hold the spool above its bound (they are never dropped)
 * @param notDurable       null while every write and fsync succeeded; else why the spool stopped accepting records
 *                         (a write or fsync failed: full or failing disk) and what to do
 * @param refusedNotDurable records refused since then
 */
public record SpoolStats(long heldRecords, long diskBytes, int segments, long appended, long acknowledgedUpTo,
                         long nextOffset, long droppedRecords, long droppedBytes, long refusedRecords,
                         boolean overBound, String notDurable, long refusedNotDurable) {

    /** Whether every write and fsync so far succeeded, so what the spool accepted is where its fsync policy says. */
    public boolean durable() {
        return notDurable == null;
    }
}
