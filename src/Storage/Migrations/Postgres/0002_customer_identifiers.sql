-- Keyed hashes of every identifier an interaction named, and the customer each one is linked to.
ALTER TABLE interactions ADD COLUMN customer_identifiers jsonb NOT NULL DEFAULT '[]';

CREATE TABLE customer_identifiers (
    identifier   text   PRIMARY KEY,
    customer_key text   NOT NULL,
    run_id       bigint NOT NULL REFERENCES ingest_runs(id)
);

CREATE INDEX ix_customer_identifiers_customer ON customer_identifiers (customer_key);
