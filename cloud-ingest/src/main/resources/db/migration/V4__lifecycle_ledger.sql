-- Lifecycle ledger (issue #7). Portable SQL: runs unchanged on PostgreSQL and on H2.

-- One lifecycle event of one battery code. Append-only: the application never updates or deletes a row.
-- hash = SHA-256 over the canonical encoding of this row's fields and prev_hash (see docs/lifecycle.md), so an
-- altered or missing row breaks the chain. Codes are not tied to the battery table: modules, cells and re-coded
-- batteries have ledgers without an edge device.
CREATE TABLE ledger_event (
    battery       VARCHAR(24)              NOT NULL,
    seq           BIGINT                   NOT NULL,
    event_type    VARCHAR(32)              NOT NULL,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_org     VARCHAR(64)              NOT NULL,
    custodian_org VARCHAR(64),
    details       TEXT                     NOT NULL,
    prev_hash     VARCHAR(64)              NOT NULL,
    hash          VARCHAR(64)              NOT NULL,
    PRIMARY KEY (battery, seq),
    CONSTRAINT ledger_event_actor_fk FOREIGN KEY (actor_org) REFERENCES organisation (id)
);

CREATE INDEX ledger_event_occurred_idx ON ledger_event (occurred_at);

-- The last sequence number and hash of each chain, written in the same transaction as the event: deleting the
-- newest event of a chain is then found too. Its hash can be handed to a regulator as an external anchor.
CREATE TABLE ledger_head (
    battery   VARCHAR(24) NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);

-- Links between codes: COMPONENT (child module/cell in parent pack/module) and RECODED_FROM (new code -> original).
CREATE TABLE battery_link (
    child     VARCHAR(24)              NOT NULL,
    relation  VARCHAR(16)              NOT NULL,
    parent    VARCHAR(24)              NOT NULL,
    linked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (child, relation)
);

CREATE INDEX battery_link_parent_idx ON battery_link (parent, relation);

-- A vehicle's identity, encrypted at rest (AES-256-GCM, one key id per value so keys can rotate). Ledger events
-- refer to the opaque id only, so the chain never holds a VIN and re-encryption does not touch it.
CREATE TABLE vehicle_identity (
    id         VARCHAR(40)              NOT NULL PRIMARY KEY,
    vin_key    VARCHAR(32)              NOT NULL,
    vin_ct     VARCHAR(200)             NOT NULL,
    plate_key  VARCHAR(32),
    plate_ct   VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- When a reportable event was sent to the regulator's platform.
CREATE TABLE report_submission (
    battery      VARCHAR(24)              NOT NULL,
    seq          BIGINT                   NOT NULL,
    submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reference    VARCHAR(128),
    PRIMARY KEY (battery, seq)
);
