-- Topics of each scored interaction: the dominant topic (stable id from topics.json) with its share, and the
-- whole distribution as a JSON object of topic id to share. NULL when the text has no word the model knows.
ALTER TABLE scores ADD COLUMN topic_id integer;
ALTER TABLE scores ADD COLUMN topic_weight double precision;
ALTER TABLE scores ADD COLUMN topic_distribution jsonb NOT NULL DEFAULT '{}';

CREATE INDEX ix_scores_topic ON scores (topic_id);
