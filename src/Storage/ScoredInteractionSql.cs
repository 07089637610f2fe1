using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;

namespace Pipeline.Storage;

/// <summary>
/// The <c>interaction_scores</c> view as both stores read it: the same column names (each store's migration defines the
/// view over its own tables) and one mapping of a row to a <see cref="ScoredInteraction"/>.
/// </summary>
internal static class ScoredInteractionSql
{
    /// <summary>The view's columns, in the order <see cref="Read"/> reads them.</summary>
    public const string Columns = """
        id, channel, received_at, received_offset_min, language, product, issue, company, customer_key, ticket_id, subject, text,
        source_path, source_locator, version_key, scored_at, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive,
        topic_id, topic_label, topic_weight, anger_level, anger_score, anger_categories, anger_explanation, recent_contacts,
        bump_status, bump_priority
        """;

    /// <summary>Reads a row of <see cref="Columns"/>; <paramref name="utc"/> reads the instant in a time column (each store keeps its own format).</summary>
    public static ScoredInteraction Read(DbDataReader reader, Func<int, DateTimeOffset> utc)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        double? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        int? Integer(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        var scored = !reader.IsDBNull(14);
        return new ScoredInteraction(
            reader.GetString(0),
            ChannelNames.Parse(reader.GetString(1)),
            utc(2).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(3))),
            reader.GetString(4),
            Text(5),
            Text(6),
            Text(7),
            Text(8),
            Text(9),
            Text(10),
            Text(11),
            reader.GetString(12),
            reader.GetString(13),
            Text(14),
            scored ? utc(15) : null,
            ScoreSql.Sentiment(reader, 16),
            Number(17),
            Number(18),
            Number(19),
            Number(20),
            Integer(21),
            Text(22),
            Number(23),
            ScoreSql.Anger(reader, 24),
            Number(25),
            scored ? StoredJson.Strings(reader.GetString(26)) : [],
            Text(27),
            Integer(28),
            Text(29) is { } status ? BumpStatuses.TryParse(status, out var parsed) ? parsed : throw Unknown("bump status", status) : null,
            Text(30) is { } priority ? TicketPriorities.Parse(priority) : null);
    }

    private static InvalidDataException Unknown(string what, string value) => new($"The store holds the {what} '{value}', which this version does not know.");
}
