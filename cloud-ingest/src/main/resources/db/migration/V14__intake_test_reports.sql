-- Recycler intake tests (issue #14). Portable SQL: runs unchanged on PostgreSQL and on H2.

-- The full result of a bench intake test or a pulse triage, as the service analysed or received it (discharges,
-- resistances, rests, reasons: more than a ledger event's details hold). The intake_test ledger event carries the
-- figures the grading uses and this report's SHA-256, so the hash chain vouches for the report too. Written before
-- the event; a report whose event was never appended is kept but never shown or used.
CREATE TABLE intake_test_report (
    battery    VARCHAR(24)              NOT NULL,
    sha256     VARCHAR(64)              NOT NULL,
    kind       VARCHAR(16)              NOT NULL,
    report     TEXT                     NOT NULL,
    stored_by  VARCHAR(64)              NOT NULL,
    stored_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (battery, sha256),
    CONSTRAINT intake_test_report_org_fk FOREIGN KEY (stored_by) REFERENCES organisation (id)
);
