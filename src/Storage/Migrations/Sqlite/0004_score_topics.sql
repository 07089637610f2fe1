-- Topics of each scored interaction: the dominant topic (stable id from topics.json) with its share, and the
-- whole distribution as a JSON object of topic id to share. NULL when the text has no word the model knows.
ALTER TABLE scores ADD COLUMN topic_id INTEGER;
ALTER TABLE scores ADD COLUMN topic_weight REAL;
ALTER TABLE scores ADD COLUMN topic_distribution TEXT NOT NULL DEFAULT '{}';

CREATE INDEX ix_scores_topic ON scores (topic_id);
