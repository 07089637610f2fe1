-- The schema migrations 0001 to 0016 make, made at once in a new store: the store applies this instead of the
-- migrations when a database has none recorded, records all sixteen as applied (each with its script's checksum), then
-- applies any later migration as usual. A store that has some recorded goes on through the migrations. The sixteen
-- scripts make tables, rename, move and drop them: 44-67 ms of the server's time on an idle machine against 25-37 ms
-- for this one, and an ingest of the anchor into a new database 90 ms sooner (BENCHMARKS.md, "the sixteenth round").
--
-- It is a copy of what the migrations make, not a source of truth: a new migration goes in Migrations/Postgres, and
-- PostgresSchemaTests checks, on a real server, that this makes the same catalogue (tables, columns, compression,
-- constraints, indexes, functions, the view) as the migrations it stands for. Names that history gave (scores_pkey1,
-- interactions_received_id_key) are kept. The number in this file's name is the last migration it stands for.

-- Runs of any stage, with their counts (0001).
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

-- Interactions, partitioned by month of received_at (0006, 0011); interaction_keys is where an id is unique.
CREATE TABLE interactions (
    id                   text        NOT NULL,
    channel              text        NOT NULL,
    received_at          timestamptz NOT NULL,
    received_offset_min  integer     NOT NULL,
    text                 text,
    has_text             boolean     NOT NULL,
    subject              text,
    product              text,
    issue                text,
    company              text,
    customer_key         text,
    ticket_id            text,
    language             text        NOT NULL,
    source_path          text        NOT NULL,
    source_locator       text        NOT NULL,
    metadata             json        NOT NULL,
    turns                json        NOT NULL,
    run_id               bigint      NOT NULL,
    customer_identifiers json        NOT NULL DEFAULT '[]'::json,
    CONSTRAINT interactions_received_id_key PRIMARY KEY (received_at, id)
) PARTITION BY RANGE (received_at);

CREATE INDEX ix_interactions_customer ON interactions (customer_key, received_at) WHERE customer_key IS NOT NULL;

CREATE TABLE interaction_keys (
    id          text        PRIMARY KEY,
    received_at timestamptz NOT NULL
);

-- Texts and metadata compress with lz4 where the server was built with it (0007, 0010).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE interactions ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN metadata SET COMPRESSION lz4;
    END IF;
END
$$;

-- Customer identifiers linked across channels (0002).
CREATE TABLE customer_identifiers (
    identifier   text   PRIMARY KEY,
    customer_key text   NOT NULL,
    run_id       bigint NOT NULL REFERENCES ingest_runs(id)
);

CREATE INDEX ix_customer_identifiers_customer ON customer_identifiers (customer_key);

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

-- Scores, in their interaction's month (0003, 0004, 0006, 0008, 0010).
CREATE TABLE scores (
    interaction_id     text             NOT NULL,
    version_key        text             NOT NULL,
    sentiment_class    text             NOT NULL,
    sentiment_score    double precision NOT NULL,
    p_negative         double precision NOT NULL,
    p_neutral          double precision NOT NULL,
    p_positive         double precision NOT NULL,
    anger_level        text             NOT NULL,
    anger_score        double precision NOT NULL,
    anger_categories   json             NOT NULL,
    anger_explanation  text             NOT NULL,
    recent_contacts    integer          NOT NULL,
    scored_at          timestamptz      NOT NULL,
    topic_id           integer,
    topic_weight       double precision,
    topic_distribution json             NOT NULL DEFAULT '{}'::json,
    received_at        timestamptz      NOT NULL,
    CONSTRAINT scores_pkey1 PRIMARY KEY (interaction_id, received_at)
) PARTITION BY RANGE (received_at);

CREATE INDEX ix_scores_topic ON scores (topic_id, received_at);

-- Priority bumps, the outbox, and their delivery attempts (0005, 0006).
CREATE TABLE priority_bumps (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interaction_id  text        NOT NULL REFERENCES interaction_keys(id),
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

-- The current topic model's labels and the analysts' view (0009, 0010).
CREATE TABLE topic_labels (
    topic_id integer PRIMARY KEY,
    label    text    NOT NULL
);

CREATE VIEW interaction_scores AS
SELECT i.id, i.channel, i.received_at, i.received_offset_min, i.language, i.product, i.issue, i.company,
       i.customer_key, i.ticket_id, i.subject, i.text, i.source_path, i.source_locator,
       s.version_key, s.scored_at, s.sentiment_class, s.sentiment_score, s.p_negative, s.p_neutral, s.p_positive,
       s.topic_id, t.label AS topic_label, s.topic_weight,
       s.anger_level, s.anger_score, s.anger_categories, s.anger_explanation, s.recent_contacts,
       b.status AS bump_status, b.priority AS bump_priority
FROM interactions i
LEFT JOIN LATERAL (SELECT * FROM scores x WHERE x.interaction_id = i.id AND x.received_at = i.received_at) s ON true
LEFT JOIN topic_labels t ON t.topic_id = s.topic_id
LEFT JOIN LATERAL (SELECT status, priority FROM priority_bumps x WHERE x.interaction_id = i.id ORDER BY x.id DESC LIMIT 1) b ON true;

-- Workers' heartbeats (0012), the kept counts (0014) and the months scored whole (0016).
CREATE TABLE worker_heartbeats (
    worker     text        PRIMARY KEY,
    started_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL,
    state      text        NOT NULL
);

CREATE TABLE interaction_counts (
    channel      text PRIMARY KEY,
    interactions bigint NOT NULL,
    with_text    bigint NOT NULL
);

CREATE TABLE score_months_done (
    version_key text        NOT NULL,
    month       timestamptz NOT NULL,
    PRIMARY KEY (version_key, month)
);

-- The month partitions' makers (0006, 0013, 0015), each as its last migration wrote it.
CREATE FUNCTION pipeline_ensure_months(first timestamptz, last timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month timestamp := date_trunc('month', first AT TIME ZONE 'UTC');
    made integer := 0;
    suffix text;
    lower_bound text;
    upper_bound text;
BEGIN
    IF first IS NULL OR last IS NULL THEN
        RETURN 0;
    END IF;

    WHILE month <= last AT TIME ZONE 'UTC' LOOP
        suffix := to_char(month, '"y"YYYY"m"MM');
        IF to_regclass('interactions_' || suffix) IS NULL THEN
            lower_bound := quote_literal(to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00');
            upper_bound := quote_literal(to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            EXECUTE format('CREATE TABLE interactions_%s PARTITION OF interactions FOR VALUES FROM (%s) TO (%s)', suffix, lower_bound, upper_bound);
            EXECUTE format('CREATE TABLE scores_%s PARTITION OF scores FOR VALUES FROM (%s) TO (%s)', suffix, lower_bound, upper_bound);
            made := made + 1;
        END IF;

        month := month + interval '1 month';
    END LOOP;

    RETURN made;
END
$$;

CREATE FUNCTION pipeline_ensure_interaction_months(first timestamptz, last timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month timestamp := date_trunc('month', first AT TIME ZONE 'UTC');
    made integer := 0;
    suffix text;
BEGIN
    IF first IS NULL OR last IS NULL THEN
        RETURN 0;
    END IF;

    WHILE month <= last AT TIME ZONE 'UTC' LOOP
        suffix := to_char(month, '"y"YYYY"m"MM');
        IF to_regclass('interactions_' || suffix) IS NULL THEN
            EXECUTE format('CREATE TABLE interactions_%s PARTITION OF interactions FOR VALUES FROM (%L) TO (%L)', suffix,
                to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            made := made + 1;
        END IF;

        month := month + interval '1 month';
    END LOOP;

    RETURN made;
END
$$;

CREATE FUNCTION pipeline_ensure_score_months() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    made integer := 0;
BEGIN
    FOR part IN
        SELECT substr(c.relname, length('interactions_') + 1) AS suffix, pg_get_expr(c.relpartbound, c.oid) AS bounds
        FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
        WHERE h.inhparent = 'interactions'::regclass
          AND to_regclass('scores_' || substr(c.relname, length('interactions_') + 1)) IS NULL
        ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE TABLE scores_%s (LIKE scores INCLUDING ALL)', part.suffix);
        EXECUTE format('ALTER TABLE scores ATTACH PARTITION scores_%s %s', part.suffix, part.bounds);
        made := made + 1;
    END LOOP;

    RETURN made;
END
$$;
