-- Health as a service (issue #12). Portable SQL: runs unchanged on PostgreSQL and on H2.
--
-- health_reduction: each battery's telemetry reduced as it arrives (HealthReducer). The extractor's running state and
-- the reduced evidence are written together with the watermark (the last sample time consumed) in one transaction,
-- so after a restart or a kill the reducer resumes from exactly what it had counted, never twice.
CREATE TABLE health_reduction (
    battery       VARCHAR(24) NOT NULL PRIMARY KEY REFERENCES battery (code),
    -- Bumped by every save: a replica whose cached state has another version reloads it.
    version       BIGINT      NOT NULL,
    -- Last sample time reduced, epoch ms: samples at or before it change nothing.
    watermark_ms  BIGINT      NOT NULL,
    -- Samples reduced, and samples that arrived at or before the watermark (stored in the time series, not reduced).
    samples       BIGINT      NOT NULL,
    late_samples  BIGINT      NOT NULL,
    -- The running state (the extractor's open segment, rest window and event trackers, the screens' open day and
    -- rest) and the evidence closed so far.
    state         BYTEA       NOT NULL,
    -- What an assessment reads (ReducedEvidence: closed evidence and what is open, as if it ended at the watermark),
    -- in its own compact encoding.
    evidence      BYTEA       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- health_schedule: which batteries' evidence changed since their last assessment, and who assesses them now.
-- A replica takes a battery by a conditional UPDATE of its lease (free, expired, or its own), so with several
-- ingest replicas on one registry each battery is assessed by one replica at a time.
CREATE TABLE health_schedule (
    battery          VARCHAR(24) NOT NULL PRIMARY KEY REFERENCES battery (code),
    -- Bumped whenever the battery's reduced evidence changes.
    changes          BIGINT      NOT NULL,
    -- The value of changes the last assessment saw.
    assessed_changes BIGINT      NOT NULL,
    lease_owner      VARCHAR(64),
    lease_until_ms   BIGINT
);

CREATE INDEX health_schedule_due_idx ON health_schedule (changes, assessed_changes);
