package io.voltrace.ingest.reporting;

/** Where a reportable event stands against its deadline. */
public enum ReportStatus {
    /** Submitted by the end of the due day. */
    ON_TIME,
    /** Submitted after the due day. */
    LATE,
    /** Not submitted; the due day has not ended. */
    PENDING,
    /** Not submitted and the due day has ended: the flag a regulator fines on. */
    OVERDUE
}
