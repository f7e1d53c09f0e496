-- Battery passport (issue #17). Portable SQL: runs unchanged on PostgreSQL and on H2.

-- What the manufacturer (or, for a re-coded battery, the reuse maker) declares for a battery's passport and voltrace
-- cannot know from evidence: materials, conformity and safety documents, rated performance, the operator's and plant's
-- BPNs, the beginning-of-life values of the dynamic attributes. document is a JSON object shaped like the Catena-X
-- Battery Pass 6.1.0; voltrace lays its evidence over it on export. Every declaration is kept; the highest version
-- of a battery is in force. The declared carbon footprint is not here: it is in the ledger (production or
-- carbon_footprint event).
CREATE TABLE passport_declaration (
    battery     VARCHAR(24)              NOT NULL,
    version     INTEGER                  NOT NULL,
    document    TEXT                     NOT NULL,
    sha256      VARCHAR(64)              NOT NULL,
    declared_by VARCHAR(64)              NOT NULL,
    declared_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (battery, version),
    CONSTRAINT passport_declaration_org_fk FOREIGN KEY (declared_by) REFERENCES organisation (id)
);
