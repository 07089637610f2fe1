using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pipeline.Core;
using Pipeline.Core.Scoring;
using Pipeline.Storage;

namespace Pipeline.Tests.Support;

/// <summary>
/// Every score a store holds, read with SQL from its database. The stages read scores only through the
/// <c>interaction_scores</c> view (reports, export, the notebooks); the tests read the <c>scores</c> table itself, to check
/// every column the score stage writes, the topic distribution among them.
/// </summary>
public static class StoredScores
{
    private const string Query = """
        SELECT interaction_id, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive, anger_level, anger_score,
               anger_categories, anger_explanation, recent_contacts, topic_id, topic_weight, topic_distribution, scored_at
        FROM scores ORDER BY interaction_id
        """;

    /// <param name="store">The store as <c>--store</c> names it ("sqlite:PATH" or "postgres:CONNECTION STRING").</param>
    public static async Task<IReadOnlyList<InteractionScore>> ListAsync(string store)
    {
        var parsed = StoreConnectionString.Parse(store);
        await using DbConnection connection = parsed.Engine == StoreEngine.Sqlite
            ? new SqliteConnection($"Data Source={parsed.Value};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(parsed.Value);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        await using var reader = await command.ExecuteReaderAsync();
        var scores = new List<InteractionScore>();
        while (await reader.ReadAsync())
        {
            var distribution = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(14))!;
            scores.Add(new InteractionScore(
                reader.GetString(0), reader.GetString(1), SentimentClassNames.Parse(reader.GetString(2)),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6),
                AngerLevelNames.Parse(reader.GetString(7)), reader.GetDouble(8), JsonSerializer.Deserialize<string[]>(reader.GetString(9))!,
                reader.GetString(10), reader.GetInt32(11), reader.IsDBNull(12) ? null : reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetDouble(13),
                distribution.ToDictionary(p => int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value),
                reader.GetFieldValue<DateTimeOffset>(15)));
        }

        return scores;
    }
}
