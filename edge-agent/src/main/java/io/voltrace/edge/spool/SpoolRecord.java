package io.voltrace.edge.spool;

/**
 * One record as stored: its place in the spool, what it is, whose it is and when it was taken.
 *
 * @param offset    position in the spool's total order, increasing by one per append, never reused
 * @param kind      what the payload holds
 * @param key       the battery code the record belongs to; replay keeps each key's records in order
 * @param timestamp when the data was taken, epoch milliseconds
 * @param payload   the encoded data; not copied, do not change it
 */
public record SpoolRecord(long offset, RecordKind kind, String key, long timestamp, byte[] payload) {

    /** Bytes this record takes on disk, header included. */
    public int storedBytes() {
        return SegmentFormat.storedBytes(key, payload.length);
    }
}
