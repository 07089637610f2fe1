-- Runs of any stage, with their counts.
CREATE TABLE ingest_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    started_at       TEXT    NOT NULL,
    finished_at      TEXT,
    status           TEXT    NOT NULL,
    inputs           TEXT    NOT NULL,
    files            INTEGER,
    records_read     INTEGER,
    stored           INTEGER,
    duplicates       INTEGER,
    rejected         INTEGER,
    unreadable_files INTEGER
);

-- One row per interaction. received_at_utc is ISO-8601 UTC with 7 fraction digits, so it sorts as text.
CREATE TABLE interactions (
    id                 TEXT    NOT NULL UNIQUE,
    channel            TEXT    NOT NULL,
    received_at_utc    TEXT    NOT NULL,
    received_offset_min INTEGER NOT NULL,
    text               TEXT,
    has_text           INTEGER NOT NULL,
    subject            TEXT,
    product            TEXT,
    issue              TEXT,
    company            TEXT,
    customer_key       TEXT,
    ticket_id          TEXT,
    language           TEXT    NOT NULL,
    source_path        TEXT    NOT NULL,
    source_locator     TEXT    NOT NULL,
    metadata           TEXT    NOT NULL,
    turns              TEXT    NOT NULL,
    run_id             INTEGER NOT NULL REFERENCES ingest_runs(id)
);

CREATE INDEX ix_interactions_received ON interactions (received_at_utc);
CREATE INDEX ix_interactions_customer ON interactions (customer_key, received_at_utc) WHERE customer_key IS NOT NULL;

CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id         INTEGER NOT NULL REFERENCES ingest_runs(id),
    source_path    TEXT    NOT NULL,
    source_locator TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    raw            TEXT,
    quarantined_at TEXT    NOT NULL,
    UNIQUE (source_path, source_locator, reason)
);
