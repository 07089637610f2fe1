-- A scores partition is made as a table of its own and then attached, no longer as CREATE TABLE ... PARTITION OF.
-- PARTITION OF locks scores whole (ACCESS EXCLUSIVE) until the transaction that makes it ends, and every claim reads
-- scores and holds its lock on it until its batch commits: making a month waited for every batch in hand, and held every
-- claim up while it ran. ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE, which neither claims nor commits conflict with,
-- so scoring now claims and scores its first batches while the partitions are made, and a commit that meets a month
-- without one makes it beside its own claim (BENCHMARKS.md, "the fourteenth round"). The table is the parent's copy
-- (LIKE ... INCLUDING ALL: the same columns, NOT NULLs, defaults, storage, compression and indexes, which ATTACH
-- takes as the partitions of the parent's indexes), as PARTITION OF made it.

CREATE OR REPLACE FUNCTION pipeline_ensure_score_months() RETURNS integer
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
