-- A row over about 2 KB has its longest values compressed, and a complaint's text with its metadata often is: with
-- PostgreSQL's default pglz that compression was 15 % of the server's time in ingest (BENCHMARKS.md). lz4 compresses
-- several times faster, so texts and metadata use it where the server was built with it (Debian's is). Values already
-- stored keep their compression; new month partitions take the parent's setting, existing ones are set here.
DO $$
DECLARE
    part regclass;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE interactions ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN metadata SET COMPRESSION lz4;
        FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'interactions'::regclass LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN metadata SET COMPRESSION lz4', part);
        END LOOP;
    END IF;
END
$$;
