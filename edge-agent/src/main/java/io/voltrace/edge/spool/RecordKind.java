package io.voltrace.edge.spool;

/**
 * What a spooled record holds. When the spool is full, telemetry goes first, oldest first; health evidence and
 * lifecycle events are never dropped to make room.
 */
public enum RecordKind {
    /** One pack sample (pack signals at the sample rate). */
    PACK_SAMPLE(1, true),
    /** Every cell's voltage and temperature at one instant. */
    CELL_SNAPSHOT(2, true),
    /** Health evidence cut at the edge (charge segment, rest OCV, resistance step). */
    EVIDENCE(3, false),
    /** A lifecycle or safety event. */
    EVENT(4, false);

    private final int code;
    private final boolean droppable;

    RecordKind(int code, boolean droppable) {
        this.code = code;
        this.droppable = droppable;
    }

    /** The byte stored on disk. */
    public int code() {
        return code;
    }

    /** Whether the overflow policy may drop it. */
    public boolean droppable() {
        return droppable;
    }

    /** The kind for a stored code, or null when the code is unknown. */
    public static RecordKind ofCode(int code) {
        for (RecordKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
