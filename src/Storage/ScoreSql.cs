using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Scoring;

namespace Pipeline.Storage;

/// <summary>
/// SQL both stores share word for word (positional parameters $1…$n work in SQLite and PostgreSQL), and the mapping
/// of a score to its row: labels are stored by name ("negative", "high") and read back as their types.
/// </summary>
internal static class ScoreSql
{
    /// <summary>The parameters $1…$15 of <see cref="Upsert"/> ($16, the time, is the store's own format). $10 and $15 are JSON.</summary>
    public static object?[] Values(InteractionScore score, object scoredAt) =>
    [
        score.InteractionId, score.VersionKey, score.SentimentClass.ToName(), score.SentimentScore, score.Negative, score.Neutral, score.Positive,
        score.AngerLevel.ToName(), score.AngerScore, StoredJson.Strings(score.AngerCategories), score.AngerExplanation, score.RecentContacts,
        (object?)score.TopicId ?? DBNull.Value, (object?)score.TopicWeight ?? DBNull.Value, StoredJson.Topics(score.TopicDistribution), scoredAt,
    ];

    /// <summary>A nullable sentiment class column of a report row.</summary>
    public static SentimentClass? Sentiment(DbDataReader reader, int index) => reader.IsDBNull(index) ? null : SentimentClassNames.Parse(reader.GetString(index));

    /// <summary>A nullable anger level column of a report row.</summary>
    public static AngerLevel? Anger(DbDataReader reader, int index) => reader.IsDBNull(index) ? null : AngerLevelNames.Parse(reader.GetString(index));

    /// <summary>The columns a score is written to, in the order of <see cref="Values"/>.</summary>
    public const string WrittenColumns = """
        interaction_id, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive,
            anger_level, anger_score, anger_categories, anger_explanation, recent_contacts, topic_id, topic_weight, topic_distribution, scored_at
        """;

    /// <summary>What an upsert does to the interaction's earlier score, after <c>ON CONFLICT (</c>the store's score key<c>)</c>: replaces every column.</summary>
    public const string ReplaceEarlier = """
        DO UPDATE SET version_key = excluded.version_key, sentiment_class = excluded.sentiment_class,
            sentiment_score = excluded.sentiment_score, p_negative = excluded.p_negative, p_neutral = excluded.p_neutral,
            p_positive = excluded.p_positive, anger_level = excluded.anger_level, anger_score = excluded.anger_score,
            anger_categories = excluded.anger_categories, anger_explanation = excluded.anger_explanation,
            recent_contacts = excluded.recent_contacts, topic_id = excluded.topic_id, topic_weight = excluded.topic_weight,
            topic_distribution = excluded.topic_distribution, scored_at = excluded.scored_at
        """;

    /// <summary>Insert a score or replace the interaction's earlier one.</summary>
    public const string Upsert = $"""
        INSERT INTO scores ({WrittenColumns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT (interaction_id) {ReplaceEarlier}
        """;
}
