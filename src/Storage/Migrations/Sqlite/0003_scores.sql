-- One row per interaction: the latest scores and the model versions that produced them.
CREATE TABLE scores (
    interaction_id    TEXT    PRIMARY KEY REFERENCES interactions(id),
    version_key       TEXT    NOT NULL,
    sentiment_class   TEXT    NOT NULL,
    sentiment_score   REAL    NOT NULL,
    p_negative        REAL    NOT NULL,
    p_neutral         REAL    NOT NULL,
    p_positive        REAL    NOT NULL,
    anger_level       TEXT    NOT NULL,
    anger_score       REAL    NOT NULL,
    anger_categories  TEXT    NOT NULL,
    anger_explanation TEXT    NOT NULL,
    recent_contacts   INTEGER NOT NULL,
    scored_at         TEXT    NOT NULL
);

CREATE INDEX ix_scores_version ON scores (version_key);
