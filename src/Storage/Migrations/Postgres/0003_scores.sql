-- One row per interaction: the latest scores and the model versions that produced them.
CREATE TABLE scores (
    interaction_id    text             PRIMARY KEY REFERENCES interactions(id),
    version_key       text             NOT NULL,
    sentiment_class   text             NOT NULL,
    sentiment_score   double precision NOT NULL,
    p_negative        double precision NOT NULL,
    p_neutral         double precision NOT NULL,
    p_positive        double precision NOT NULL,
    anger_level       text             NOT NULL,
    anger_score       double precision NOT NULL,
    anger_categories  jsonb            NOT NULL,
    anger_explanation text             NOT NULL,
    recent_contacts   integer          NOT NULL,
    scored_at         timestamptz      NOT NULL
);

CREATE INDEX ix_scores_version ON scores (version_key);
