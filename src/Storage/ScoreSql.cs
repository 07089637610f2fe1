using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Scoring;

namespace Pipeline.Storage;

/// <summary>
/// SQL both stores share word for word (positional parameters $1…$n work in SQLite and PostgreSQL), and the mapping
/// of a score to and from its row: labels are stored by name ("negative", "high") and read back as their types.
/// </summary>
internal static class ScoreSql
{
    /// <summary>The columns <see cref="Read"/> reads, in order; each store casts the JSON columns as it needs.</summary>
    public static string Columns(string json) => $"""
        interaction_id, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive,
        anger_level, anger_score, anger_categories{json}, anger_explanation, recent_contacts, topic_id, topic_weight, topic_distribution{json}, scored_at
        """;

    /// <summary>The parameters $1…$15 of <see cref="Upsert"/> ($16, the time, is the store's own format). $10 and $15 are JSON.</summary>
    public static object?[] Values(InteractionScore score, object scoredAt) =>
    [
        score.InteractionId, score.VersionKey, score.SentimentClass.ToName(), score.SentimentScore, score.Negative, score.Neutral, score.Positive,
        score.AngerLevel.ToName(), score.AngerScore, StoredJson.Strings(score.AngerCategories), score.AngerExplanation, score.RecentContacts,
        (object?)score.TopicId ?? DBNull.Value, (object?)score.TopicWeight ?? DBNull.Value, StoredJson.Topics(score.TopicDistribution), scoredAt,
    ];

    /// <summary>Reads a row of <see cref="Columns"/>; the time comes through <paramref name="time"/> (each store keeps its own format).</summary>
    public static InteractionScore Read(DbDataReader reader, Func<int, DateTimeOffset> time) => new(
        reader.GetString(0), reader.GetString(1), SentimentClassNames.Parse(reader.GetString(2)), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6),
        AngerLevelNames.Parse(reader.GetString(7)), reader.GetDouble(8), StoredJson.Strings(reader.GetString(9)), reader.GetString(10), reader.GetInt32(11),
        reader.IsDBNull(12) ? null : reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetDouble(13), StoredJson.Topics(reader.GetString(14)), time(15));

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
