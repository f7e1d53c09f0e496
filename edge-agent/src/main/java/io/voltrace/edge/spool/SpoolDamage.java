package io.voltrace.edge.spool;

import java.nio.file.Path;

/**
 * A torn or corrupt stretch found when the spool was opened, and what was done: the file was cut at {@code position}
 * (or set aside when its header was unreadable). Every record before {@code position} was kept.
 *
 * @param file        the segment file
 * @param position    byte offset of the first bad record
 * @param bytesCut    bytes removed from there to the end of the file
 * @param recordsKept valid records before the damage in this file
 * @param reason      what was wrong, e.g. "checksum mismatch" or "record runs past the end of the file"
 */
public record SpoolDamage(Path file, long position, long bytesCut, long recordsKept, String reason) {
    @Override
    public String toString() {
        return file.getFileName() + " at byte " + position + ": " + reason + "; cut " + bytesCut
                + " bytes, kept " + recordsKept + " records before it";
    }
}
