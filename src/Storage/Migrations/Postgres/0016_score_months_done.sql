-- The months in which every interaction has a score of a version. A scoring run passes them by: a run with nothing
-- left to score probed every interaction's score (5 s at 1M, 185 s at 10M, and the worker scores every five minutes on
-- every worker; BENCHMARKS.md, "the fourteenth round"). A completed run adds the months it finds whole (counted while it
-- holds the ingest writers' lock, so that no batch is written meanwhile); ingest removes the months it adds interactions
-- to, in the transaction that adds them; removing the scores empties it.
CREATE TABLE score_months_done (
    version_key text        NOT NULL,
    month       timestamptz NOT NULL,
    PRIMARY KEY (version_key, month)
);
