-- The interactions by channel, and how many have text, kept by each batch's write in its transaction: the totals
-- ingest prints no longer scan every interaction (BENCHMARKS.md). Counted once here for what the store holds.
CREATE TABLE interaction_counts (
    channel      text PRIMARY KEY,
    interactions bigint NOT NULL,
    with_text    bigint NOT NULL
);

INSERT INTO interaction_counts (channel, interactions, with_text)
SELECT channel, count(*), count(*) FILTER (WHERE has_text) FROM interactions GROUP BY channel;
