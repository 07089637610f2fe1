namespace Pipeline.Storage;

/// <summary>SQL both stores share word for word (positional parameters $1…$n work in SQLite and PostgreSQL).</summary>
internal static class ScoreSql
{
    /// <summary>Insert a score or replace the interaction's earlier one.</summary>
    public const string Upsert = """
        INSERT INTO scores (interaction_id, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive,
            anger_level, anger_score, anger_categories, anger_explanation, recent_contacts, topic_id, topic_weight, topic_distribution, scored_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT (interaction_id) DO UPDATE SET version_key = excluded.version_key, sentiment_class = excluded.sentiment_class,
            sentiment_score = excluded.sentiment_score, p_negative = excluded.p_negative, p_neutral = excluded.p_neutral,
            p_positive = excluded.p_positive, anger_level = excluded.anger_level, anger_score = excluded.anger_score,
            anger_categories = excluded.anger_categories, anger_explanation = excluded.anger_explanation,
            recent_contacts = excluded.recent_contacts, topic_id = excluded.topic_id, topic_weight = excluded.topic_weight,
            topic_distribution = excluded.topic_distribution, scored_at = excluded.scored_at
        """;
}
