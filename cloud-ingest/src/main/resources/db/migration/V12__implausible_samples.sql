-- Samples the intake found physically implausible (issue #15): 0 V with current flowing, pack voltage against the
-- cells, current beyond the pack's limits, SOC jumps, frozen readings. The sample itself stays in the time-series
-- store as it arrived; this row marks it, with the reasons, so the API and the dashboard can show it and no estimate
-- takes it. Portable SQL: runs unchanged on PostgreSQL and on H2.
CREATE TABLE implausible_sample (
    battery     VARCHAR(24)              NOT NULL REFERENCES battery (code),
    -- The sample's time, epoch milliseconds, as the edge sent it.
    ts_ms       BIGINT                   NOT NULL,
    -- The rules it broke, '; '-separated, each "rule: what was read".
    reasons     VARCHAR(1000)            NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A batch delivered again marks the same sample once.
    CONSTRAINT implausible_sample_once PRIMARY KEY (battery, ts_ms)
);
