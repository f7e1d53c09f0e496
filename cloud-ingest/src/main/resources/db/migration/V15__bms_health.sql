-- What the BMS itself says of the pack's health (issue #15): the edge sends it as BMS_HEALTH evidence, kept beside
-- voltrace's own estimate and never merged with it (a BMS may read 110 % or jump for a pack variant it does not
-- know). Percent and ampere-hours as the BMS stated them; null in the other evidence types. Portable SQL (H2, PostgreSQL).
ALTER TABLE edge_evidence ADD COLUMN bms_soh DOUBLE PRECISION;
ALTER TABLE edge_evidence ADD COLUMN bms_capacity_ah DOUBLE PRECISION;
