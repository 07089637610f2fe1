using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Storage;

namespace Pipeline.Storage;

/// <summary>
/// The runs' journal and the quarantine as both stores list them: the runs' query word for word, and one mapping of a
/// row to an <see cref="IngestRun"/> or a <see cref="QuarantineEntry"/>. Each store reads its own time format
/// (<c>utc</c>).
/// </summary>
internal static class JournalSql
{
    /// <summary>The latest $1 runs, oldest first, in the columns <see cref="ReadRun"/> reads.</summary>
    public const string Runs = """
        SELECT * FROM (
            SELECT id, kind, started_at, finished_at, status, inputs, files, records_read, stored, duplicates, rejected, unreadable_files
            FROM ingest_runs ORDER BY id DESC LIMIT $1
        ) AS latest ORDER BY id
        """;

    /// <summary>The columns of a quarantined item, in the order <see cref="ReadQuarantined"/> reads them.</summary>
    public const string QuarantineColumns = "run_id, source_path, source_locator, reason, raw, quarantined_at";

    /// <summary>The runs <paramref name="command"/> (<see cref="Runs"/> with its limit) selects.</summary>
    public static Task<IReadOnlyList<IngestRun>> ListRunsAsync(DbCommand command, Func<DbDataReader, int, DateTimeOffset> utc, CancellationToken cancellationToken) =>
        ReadAllAsync(command, reader => ReadRun(reader, utc), cancellationToken);

    /// <summary>The quarantined items <paramref name="command"/> selects (<see cref="QuarantineColumns"/>).</summary>
    public static Task<IReadOnlyList<QuarantineEntry>> ListQuarantinedAsync(DbCommand command, Func<DbDataReader, int, DateTimeOffset> utc, CancellationToken cancellationToken) =>
        ReadAllAsync(command, reader => ReadQuarantined(reader, utc), cancellationToken);

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Reads a row of <see cref="Runs"/>; a run still going (or one that died) has no counts.</summary>
    private static IngestRun ReadRun(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> utc)
    {
        var counts = reader.IsDBNull(6) ? null : new RunCounts(
            reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt32(11));
        return new IngestRun(
            reader.GetInt64(0), reader.GetString(1), utc(reader, 2), reader.IsDBNull(3) ? null : utc(reader, 3),
            RunStatuses.Parse(reader.GetString(4)), StoredJson.Strings(reader.GetString(5)), counts);
    }

    /// <summary>Reads a row of <see cref="QuarantineColumns"/>.</summary>
    private static QuarantineEntry ReadQuarantined(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> utc) =>
        new(reader.GetInt64(0), new SourceLocation(reader.GetString(1), reader.GetString(2)), reader.GetString(3), InteractionSql.Text(reader, 4), utc(reader, 5));
}
