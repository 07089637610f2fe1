-- Priority bumps: the outbox written in the same transaction as the scores, delivered by `dispatch`.
-- idempotency_key is unique: one bump per ticket, rule version and rule (per interaction when there is no ticket).
-- A pending bump is due at next_attempt_at and free when claimed_until has passed (a dispatcher's lease).
CREATE TABLE priority_bumps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id  TEXT    NOT NULL REFERENCES interactions(id),
    channel         TEXT    NOT NULL,
    ticket_id       TEXT,
    rule            TEXT    NOT NULL,
    rule_version    TEXT    NOT NULL,
    priority        TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    anger_level     TEXT    NOT NULL,
    categories      TEXT    NOT NULL,
    terms           TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    claimed_until   TEXT,
    last_error      TEXT,
    last_status     INTEGER,
    sink            TEXT,
    old_priority    TEXT,
    new_priority    TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
);

CREATE INDEX ix_bumps_due ON priority_bumps (status, next_attempt_at);
CREATE INDEX ix_bumps_interaction ON priority_bumps (interaction_id);

-- The audit trail: every delivery attempt with its outcome.
CREATE TABLE bump_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    bump_id         INTEGER NOT NULL REFERENCES priority_bumps(id),
    attempt         INTEGER NOT NULL,
    at              TEXT    NOT NULL,
    sink            TEXT    NOT NULL,
    outcome         TEXT    NOT NULL,
    response_status INTEGER,
    error           TEXT,
    old_priority    TEXT,
    new_priority    TEXT,
    duration_ms     REAL    NOT NULL
);

CREATE INDEX ix_bump_attempts_bump ON bump_attempts (bump_id, attempt);
