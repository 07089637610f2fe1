-- Priority bumps: the outbox written in the same transaction as the scores, delivered by `dispatch`.
-- idempotency_key is unique: one bump per ticket, rule version and rule (per interaction when there is no ticket).
-- A pending bump is due at next_attempt_at and free when claimed_until has passed (a dispatcher's lease).
CREATE TABLE priority_bumps (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interaction_id  text        NOT NULL REFERENCES interactions(id),
    channel         text        NOT NULL,
    ticket_id       text,
    rule            text        NOT NULL,
    rule_version    text        NOT NULL,
    priority        text        NOT NULL,
    reason          text        NOT NULL,
    anger_level     text        NOT NULL,
    categories      jsonb       NOT NULL,
    terms           jsonb       NOT NULL,
    idempotency_key text        NOT NULL UNIQUE,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    last_error      text,
    last_status     integer,
    sink            text,
    old_priority    text,
    new_priority    text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);

CREATE INDEX ix_bumps_due ON priority_bumps (status, next_attempt_at);
CREATE INDEX ix_bumps_interaction ON priority_bumps (interaction_id);

-- The audit trail: every delivery attempt with its outcome.
CREATE TABLE bump_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bump_id         bigint      NOT NULL REFERENCES priority_bumps(id),
    attempt         integer     NOT NULL,
    at              timestamptz NOT NULL,
    sink            text        NOT NULL,
    outcome         text        NOT NULL,
    response_status integer,
    error           text,
    old_priority    text,
    new_priority    text,
    duration_ms     double precision NOT NULL
);

CREATE INDEX ix_bump_attempts_bump ON bump_attempts (bump_id, attempt);
