-- Runs of any stage, with their counts.
CREATE TABLE ingest_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    status           text        NOT NULL,
    inputs           jsonb       NOT NULL,
    files            integer,
    records_read     bigint,
    stored           bigint,
    duplicates       bigint,
    rejected         bigint,
    unreadable_files integer
);

CREATE TABLE interactions (
    id                  text        PRIMARY KEY,
    channel             text        NOT NULL,
    received_at         timestamptz NOT NULL,
    received_offset_min integer     NOT NULL,
    text                text,
    has_text            boolean     NOT NULL,
    subject             text,
    product             text,
    issue               text,
    company             text,
    customer_key        text,
    ticket_id           text,
    language            text        NOT NULL,
    source_path         text        NOT NULL,
    source_locator      text        NOT NULL,
    metadata            jsonb       NOT NULL,
    turns               jsonb       NOT NULL,
    run_id              bigint      NOT NULL REFERENCES ingest_runs(id)
);

CREATE INDEX ix_interactions_received ON interactions (received_at);
CREATE INDEX ix_interactions_customer ON interactions (customer_key, received_at) WHERE customer_key IS NOT NULL;

CREATE TABLE quarantine (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id         bigint      NOT NULL REFERENCES ingest_runs(id),
    source_path    text        NOT NULL,
    source_locator text        NOT NULL,
    reason         text        NOT NULL,
    raw            text,
    quarantined_at timestamptz NOT NULL,
    UNIQUE (source_path, source_locator, reason)
);
