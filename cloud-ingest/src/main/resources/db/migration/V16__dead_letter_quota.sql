-- Dead-letter quotas (#16): each letter's stored size, so a device's and the table's totals are summed without
-- reading payloads, and how many letters each device lost to its quota (oldest first out), for the API and metrics.
-- Portable SQL: runs unchanged on PostgreSQL and on H2.
ALTER TABLE dead_letter ADD COLUMN stored_bytes INTEGER;
UPDATE dead_letter SET stored_bytes = OCTET_LENGTH(payload) + LENGTH(detail) + LENGTH(topic);
ALTER TABLE dead_letter ALTER COLUMN stored_bytes SET NOT NULL;

-- device '' stands for letters whose sender was not known.
CREATE TABLE dead_letter_eviction (
    device           VARCHAR(64)              NOT NULL PRIMARY KEY,
    letters          BIGINT                   NOT NULL,
    bytes            BIGINT                   NOT NULL,
    last_evicted_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
