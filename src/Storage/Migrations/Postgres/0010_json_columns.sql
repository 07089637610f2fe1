-- The JSON columns the hot writes fill (an interaction's metadata, turns and customer identifiers; a score's anger
-- categories and topic shares) become json instead of jsonb. The pipeline writes them (StoredJson) and reads them back
-- whole; no query looks inside them. jsonb's binary input parses each value into a tree and rebuilds it: about an
-- eighth of the server's time in an ingest of the anchor (BENCHMARKS.md). json keeps the text as written, only checking
-- it is JSON, and analysts' ->> and json_* functions work on it as before.
-- ALTER COLUMN ... TYPE rewrites each month's partitions once; the view that reads scores is made again around it.
DROP VIEW interaction_scores;

ALTER TABLE interactions
    ALTER COLUMN metadata TYPE json USING metadata::json,
    ALTER COLUMN turns TYPE json USING turns::json,
    ALTER COLUMN customer_identifiers DROP DEFAULT,
    ALTER COLUMN customer_identifiers TYPE json USING customer_identifiers::json,
    ALTER COLUMN customer_identifiers SET DEFAULT '[]'::json;

ALTER TABLE scores
    ALTER COLUMN anger_categories TYPE json USING anger_categories::json,
    ALTER COLUMN topic_distribution DROP DEFAULT,
    ALTER COLUMN topic_distribution TYPE json USING topic_distribution::json,
    ALTER COLUMN topic_distribution SET DEFAULT '{}'::json;

-- As migration 0007: metadata keeps lz4 where the server has it (a new type takes the column's default compression).
DO $$
DECLARE
    part regclass;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE interactions ALTER COLUMN metadata SET COMPRESSION lz4;
        FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'interactions'::regclass LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN metadata SET COMPRESSION lz4', part);
        END LOOP;
    END IF;
END
$$;

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
