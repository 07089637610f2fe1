using Pipeline.Core;
using Pipeline.Core.Feedback;

namespace Pipeline.Storage;

/// <summary>The outbox SQL and row shape both stores share (positional parameters work in SQLite and PostgreSQL).</summary>
internal static class BumpSql
{
    /// <summary>A bump written with its score; the same idempotency key again is kept once.</summary>
    public const string Insert = """
        INSERT INTO priority_bumps (interaction_id, channel, ticket_id, rule, rule_version, priority, reason, anger_level, categories, terms,
            idempotency_key, status, attempts, next_attempt_at, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $13)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    public const string Columns = """
        id, interaction_id, channel, ticket_id, rule, rule_version, priority, reason, anger_level, categories, terms, idempotency_key,
        status, attempts, next_attempt_at, last_error, last_status, sink, old_priority, new_priority, created_at, sent_at
        """;

    public const string AttemptColumns = "bump_id, attempt, at, sink, outcome, response_status, error, old_priority, new_priority, duration_ms";

    /// <summary>The parameters $1…$12 of <see cref="Insert"/> ($13, the time, is the store's own format).</summary>
    public static object?[] Values(BumpRequest bump) =>
    [
        bump.InteractionId, bump.Channel.ToName(), (object?)bump.TicketId ?? DBNull.Value, bump.Rule, bump.RuleVersion, bump.Priority.ToName(),
        bump.Reason, bump.AngerLevel.ToName(), StoredJson.Strings(bump.Categories), StoredJson.Strings(bump.Terms), bump.IdempotencyKey,
        (bump.TicketId is null ? BumpStatus.NoTicket : BumpStatus.Pending).ToName(),
    ];

    /// <summary>Reads a row of <see cref="Columns"/>; times come through <paramref name="time"/> (each store keeps its own format).</summary>
    public static PriorityBump Read(System.Data.Common.DbDataReader reader, Func<int, DateTimeOffset> time)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var request = new BumpRequest(
            reader.GetString(1), ChannelNames.Parse(reader.GetString(2)), Text(3), reader.GetString(4), reader.GetString(5),
            TicketPriorities.Parse(reader.GetString(6)), reader.GetString(7), AngerLevelNames.Parse(reader.GetString(8)),
            StoredJson.Strings(reader.GetString(9)), StoredJson.Strings(reader.GetString(10)), reader.GetString(11), time(20));
        BumpStatuses.TryParse(reader.GetString(12), out var status);
        return new PriorityBump(
            reader.GetInt64(0), request, status, reader.GetInt32(13), time(14), Text(15), reader.IsDBNull(16) ? null : reader.GetInt32(16),
            Text(17), Text(18), Text(19), reader.IsDBNull(21) ? null : time(21));
    }

    public static BumpAttempt ReadAttempt(System.Data.Common.DbDataReader reader, Func<int, DateTimeOffset> time)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new BumpAttempt(reader.GetInt64(0), reader.GetInt32(1), time(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt32(5), Text(6), Text(7), Text(8), reader.GetDouble(9));
    }
}
