-- Each worker process says here that it is alive and whether its scheduler runs: `health` reads it (README,
-- "Operating the worker"). One row per worker ("host/pid"); a stopped worker leaves its row marked stopped.
CREATE TABLE worker_heartbeats (
    worker     text        PRIMARY KEY,
    started_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL,
    state      text        NOT NULL
);
