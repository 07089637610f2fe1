-- Keyed hashes of every identifier an interaction named, and the customer each one is linked to.
ALTER TABLE interactions ADD COLUMN customer_identifiers TEXT NOT NULL DEFAULT '[]';

CREATE TABLE customer_identifiers (
    identifier   TEXT    PRIMARY KEY,
    customer_key TEXT    NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES ingest_runs(id)
);

CREATE INDEX ix_customer_identifiers_customer ON customer_identifiers (customer_key);
