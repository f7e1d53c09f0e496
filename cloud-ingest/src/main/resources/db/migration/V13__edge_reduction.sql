-- Edge evidence reduced at arrival (issue #12). Portable SQL: runs unchanged on PostgreSQL and on H2.
--
-- edge_reduction: each battery's edge_evidence (V6) as an assessment reads it: the insulation monitor's latest and
-- lowest reading, each BMS fault flag's history, the newest usable full-rate current steps, negative events by kind
-- (EdgeReduction, in EdgeReductionCodec's binary form). Written in the transaction that stores the new edge_evidence rows, folding exactly the
-- rows that transaction inserted, so a record sent again changes nothing and a kill loses nothing: rows and
-- reduction commit together or not at all. The fold does not depend on arrival order, so late records are reduced
-- (and counted). An assessment reads this row, never the edge_evidence history.
CREATE TABLE edge_reduction (
    battery      VARCHAR(24) NOT NULL PRIMARY KEY REFERENCES battery (code),
    -- Bumped by every change.
    version      BIGINT      NOT NULL,
    -- Records reduced (the battery's edge_evidence rows) and, of those, the ones that arrived after a newer one.
    records      BIGINT      NOT NULL,
    late_records BIGINT      NOT NULL,
    reduction    BYTEA       NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
