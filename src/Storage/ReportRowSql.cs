using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Storage;

namespace Pipeline.Storage;

/// <summary>
/// A report row as both stores read it: an interaction with its score, if any, and its sent bumps. Each store writes its
/// own query (its time column, its joins over months), selecting the columns in the order <see cref="Read"/> reads them.
/// </summary>
internal static class ReportRowSql
{
    /// <summary>
    /// Reads a row of: id, channel, the received time, its offset in minutes, product, issue, company, has_text,
    /// sentiment_class, sentiment_score, anger_level, topic_id, topic_weight, recent_contacts, the sent bumps, language.
    /// <paramref name="utc"/> reads the instant in the time column (each store keeps its own format).
    /// </summary>
    public static ReportRow Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> utc) =>
        new(
            reader.GetString(0),
            ChannelNames.Parse(reader.GetString(1)),
            utc(reader, 2).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(3))),
            InteractionSql.Text(reader, 4),
            InteractionSql.Text(reader, 5),
            InteractionSql.Text(reader, 6),
            reader.GetBoolean(7),
            ScoreSql.Sentiment(reader, 8),
            reader.IsDBNull(9) ? null : reader.GetDouble(9),
            ScoreSql.Anger(reader, 10),
            reader.IsDBNull(11) ? null : reader.GetInt32(11),
            reader.IsDBNull(12) ? null : reader.GetDouble(12),
            reader.IsDBNull(13) ? null : reader.GetInt32(13),
            reader.GetInt32(14),
            reader.GetString(15));
}
