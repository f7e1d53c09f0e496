-- Resistance estimates stored with the reductions they come from (issue #12, bench health). Portable SQL: runs
-- unchanged on PostgreSQL and on H2.
--
-- The telemetry's one-minute resistance (from health_reduction.evidence's current steps) and the edge's full-rate
-- ohmic resistance (from edge_reduction.reduction's usable steps) are pure functions of the reduction and the
-- battery's chemistry: each is estimated once when its reduction is saved, instead of at every assessment
-- (ResistanceCodec's binary form, per cell, without the battery code). NULL: a row saved before this version; the
-- assessment then estimates it from the reduction as before, with the same result.
ALTER TABLE health_reduction ADD COLUMN resistance BYTEA;
ALTER TABLE edge_reduction ADD COLUMN resistance BYTEA;
