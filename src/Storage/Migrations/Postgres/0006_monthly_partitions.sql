-- Interactions and their scores partitioned by month of received_at (UTC), so that a week's report and a claim read
-- one or two months' tables and indexes whatever the store's size (BENCHMARKS.md, "What one PostgreSQL holds").
--
-- A partitioned table's unique keys must hold its partition key, so interactions.id alone can no longer be unique
-- there: interaction_keys is the one place it is (ingest inserts each new id there in the same transaction as the
-- row), and what referred to interactions(id) refers to interaction_keys(id). scores carries its interaction's
-- received_at, its own partition key, so a score lives in the same month as its interaction.
-- A month's two tables are made by pipeline_ensure_months, which ingest calls for the months of each batch before
-- writing it; existing rows are moved into the partitions of their months here.

CREATE TABLE interaction_keys (
    id          text        PRIMARY KEY,
    received_at timestamptz NOT NULL
);

INSERT INTO interaction_keys (id, received_at) SELECT id, received_at FROM interactions;

ALTER TABLE scores DROP CONSTRAINT IF EXISTS scores_interaction_id_fkey;
ALTER TABLE priority_bumps DROP CONSTRAINT IF EXISTS priority_bumps_interaction_id_fkey;

ALTER TABLE interactions RENAME TO interactions_unpartitioned;
ALTER INDEX ix_interactions_received RENAME TO ix_interactions_unpartitioned_received;
ALTER INDEX ix_interactions_customer RENAME TO ix_interactions_unpartitioned_customer;
ALTER TABLE scores RENAME TO scores_unpartitioned;
ALTER INDEX ix_scores_version RENAME TO ix_scores_unpartitioned_version;
ALTER INDEX ix_scores_topic RENAME TO ix_scores_unpartitioned_topic;

-- The same columns, NOT NULLs and defaults as before; the key gains the month.
CREATE TABLE interactions (LIKE interactions_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS, PRIMARY KEY (id, received_at))
    PARTITION BY RANGE (received_at);
ALTER TABLE interactions ADD CONSTRAINT interactions_run_id_fkey FOREIGN KEY (run_id) REFERENCES ingest_runs(id);

-- The claim walks (received_at, id); the report reads a window of received_at.
CREATE INDEX ix_interactions_received ON interactions (received_at, id);
CREATE INDEX ix_interactions_customer ON interactions (customer_key, received_at) WHERE customer_key IS NOT NULL;

-- A score gains its interaction's received time, its partition key.
CREATE TABLE scores (LIKE scores_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS, received_at timestamptz NOT NULL,
    PRIMARY KEY (interaction_id, received_at)) PARTITION BY RANGE (received_at);
ALTER TABLE scores ADD CONSTRAINT scores_interaction_id_fkey FOREIGN KEY (interaction_id) REFERENCES interaction_keys(id);

CREATE INDEX ix_scores_version ON scores (version_key);
-- A topic's first month (the report's "new topic"): one descent per month, in month order.
CREATE INDEX ix_scores_topic ON scores (topic_id, received_at);

ALTER TABLE priority_bumps ADD CONSTRAINT priority_bumps_interaction_id_fkey FOREIGN KEY (interaction_id) REFERENCES interaction_keys(id);

-- The partitions of interactions and scores for every month from first's to last's (UTC), made if missing:
-- interactions_y2025m03 and scores_y2025m03 hold [2025-03-01, 2025-04-01).
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

SELECT pipeline_ensure_months(min(received_at), max(received_at)) FROM interactions_unpartitioned;

INSERT INTO interactions (id, channel, received_at, received_offset_min, text, has_text, subject, product, issue, company, customer_key,
    ticket_id, language, source_path, source_locator, metadata, turns, run_id, customer_identifiers)
SELECT id, channel, received_at, received_offset_min, text, has_text, subject, product, issue, company, customer_key,
    ticket_id, language, source_path, source_locator, metadata, turns, run_id, customer_identifiers
FROM interactions_unpartitioned;

INSERT INTO scores (interaction_id, received_at, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive,
    anger_level, anger_score, anger_categories, anger_explanation, recent_contacts, scored_at, topic_id, topic_weight, topic_distribution)
SELECT s.interaction_id, k.received_at, s.version_key, s.sentiment_class, s.sentiment_score, s.p_negative, s.p_neutral, s.p_positive,
    s.anger_level, s.anger_score, s.anger_categories, s.anger_explanation, s.recent_contacts, s.scored_at, s.topic_id, s.topic_weight, s.topic_distribution
FROM scores_unpartitioned s JOIN interaction_keys k ON k.id = s.interaction_id;

DROP TABLE scores_unpartitioned;
DROP TABLE interactions_unpartitioned;
