-- Who may read what: organisations, battery ownership and custody, API bearer tokens.
-- Portable SQL: runs unchanged on PostgreSQL and on H2.

-- A party in a battery's life: a fleet operator, recycler, manufacturer, auditor...
CREATE TABLE organisation (
    id         VARCHAR(64)              NOT NULL PRIMARY KEY,
    name       VARCHAR(200)             NOT NULL,
    kind       VARCHAR(32)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The fleet that owns a battery, and the organisation that holds it now (a recycler once it is retired).
-- Both may be unknown (null) for batteries registered before organisations existed.
ALTER TABLE battery ADD COLUMN owner_org VARCHAR(64);
ALTER TABLE battery ADD COLUMN custodian_org VARCHAR(64);
ALTER TABLE battery ADD CONSTRAINT battery_owner_fk FOREIGN KEY (owner_org) REFERENCES organisation (id);
ALTER TABLE battery ADD CONSTRAINT battery_custodian_fk FOREIGN KEY (custodian_org) REFERENCES organisation (id);
CREATE INDEX battery_owner_idx ON battery (owner_org);
CREATE INDEX battery_custodian_idx ON battery (custodian_org);

-- An API bearer token. Only the SHA-256 of the token is kept (tokens are 256-bit random, so a fast hash is
-- enough); id is a public handle for listing and revoking. role: admin, fleet, recycler, auditor.
CREATE TABLE api_token (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)              NOT NULL,
    role       VARCHAR(16)              NOT NULL,
    org_id     VARCHAR(64) REFERENCES organisation (id),
    label      VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX api_token_hash_idx ON api_token (token_hash);
