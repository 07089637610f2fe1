-- The analysts' view (README, "Scores an analyst can query"): every interaction with its current score, its dominant
-- topic's label and its latest priority bump. Unscored interactions are in it with empty score columns.
-- topic_labels holds the current topic model's labels; score, report and export rewrite it from the model.
-- The score is looked up in its interaction's month (the join holds the partition key), so a query on a window of
-- received_at reads the months of that window only.
CREATE TABLE topic_labels (
    topic_id integer PRIMARY KEY,
    label    text    NOT NULL
);

CREATE VIEW interaction_scores AS
SELECT i.id, i.channel, i.received_at, i.received_offset_min, i.language, i.product, i.issue, i.company,
       i.customer_key, i.ticket_id, i.subject, i.text, i.source_path, i.source_locator,
       s.version_key, s.scored_at, s.sentiment_class, s.sentiment_score, s.p_negative, s.p_neutral, s.p_positive,
       s.topic_id, t.label AS topic_label, s.topic_weight,
       s.anger_level, s.anger_score, s.anger_categories, s.anger_explanation, s.recent_contacts,
       b.status AS bump_status, b.priority AS bump_priority
FROM interactions i
LEFT JOIN LATERAL (SELECT * FROM scores x WHERE x.interaction_id = i.id AND x.received_at = i.received_at) s ON true
LEFT JOIN topic_labels t ON t.topic_id = s.topic_id
LEFT JOIN LATERAL (SELECT status, priority FROM priority_bumps x WHERE x.interaction_id = i.id ORDER BY x.id DESC LIMIT 1) b ON true;
