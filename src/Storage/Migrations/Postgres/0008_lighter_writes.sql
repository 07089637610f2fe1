-- Work the server did on every row of the two hot writes that protected nothing the pipeline can get wrong
-- (BENCHMARKS.md, "PostgreSQL against SQLite on the anchor"):
--
-- * interactions.run_id -> ingest_runs and scores.interaction_id -> interaction_keys were checked by a trigger per
--   row, each a lookup and a row lock on the referenced table (a write to it): 0.26 s of the server's 1.2 s in an
--   ingest of the anchor once its months existed, and more in scoring. Ingest takes the run id from the run it
--   opened in the same store; a score is written in the transaction that holds its interaction locked; nothing
--   deletes runs, interactions or their keys (a month leaves by dropping both of its partitions).
-- * ix_scores_version: no query reads it (the claim looks a score up by its key, and the planner once ANDed this
--   index in and went slower), yet every score written updated it and every new month built it.
--
-- priority_bumps keeps its reference to interaction_keys: bumps are few.
ALTER TABLE interactions DROP CONSTRAINT IF EXISTS interactions_run_id_fkey;
ALTER TABLE scores DROP CONSTRAINT IF EXISTS scores_interaction_id_fkey;
DROP INDEX IF EXISTS ix_scores_version;
