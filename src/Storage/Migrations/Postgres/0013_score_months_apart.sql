-- A month's two partitions are made apart: ingest makes the interactions partitions of the months it writes
-- (pipeline_ensure_interaction_months, before each batch's COPY), and scoring makes the scores partitions of every
-- month that has interactions (pipeline_ensure_score_months, before it claims; the CLI starts it while the models
-- load). Making both in ingest's write held every new month's second table, its TOAST table and two indexes (each
-- index build ends with an fsync) on ingest's one writer: a quarter of a second of the anchor's ingest (BENCHMARKS.md).
-- pipeline_ensure_months, which makes both, stays for what called it before.

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

-- The scores partition of every month that has an interactions partition and none yet (interactions_y2025m03 gets
-- scores_y2025m03, with the same bounds). Returns how many it made.
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
        EXECUTE format('CREATE TABLE scores_%s PARTITION OF scores %s', part.suffix, part.bounds);
        made := made + 1;
    END LOOP;

    RETURN made;
END
$$;

-- A store migrated before this one has both partitions of each month already; this makes any that are missing.
SELECT pipeline_ensure_score_months();
