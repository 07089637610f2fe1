-- Each worker process says here that it is alive and whether its scheduler runs: `health` reads it (README,
-- "Operating the worker"). One row per worker ("host/pid"); a stopped worker leaves its row marked stopped.
CREATE TABLE worker_heartbeats (
    worker     TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    state      TEXT NOT NULL
);
