-- Issue #12, accounting: of the samples a reduction consumed (health_reduction.samples), how many the intake had
-- marked implausible (#15) and so never reached the evidence. With it every stored sample of a battery is counted
-- once: reduced (samples - implausible_samples), implausible, or late (late_samples). Existing rows predate the count
-- and get 0. Portable SQL: runs unchanged on PostgreSQL and on H2.
ALTER TABLE health_reduction ADD COLUMN implausible_samples BIGINT DEFAULT 0 NOT NULL;
