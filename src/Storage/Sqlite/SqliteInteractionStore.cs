using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file (WAL journal). Interactions are written in one
/// transaction per batch with a prepared <c>INSERT OR IGNORE</c>, so re-ingesting adds nothing.
/// </summary>
public sealed partial class SqliteInteractionStore : IInteractionStore
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private readonly string _connectionString;

    public SqliteInteractionStore(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Description = "sqlite:" + path;
    }

    public string Description { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT);", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var hasChecksum = Command(connection, transaction, "SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'"))
        {
            if (Convert.ToInt64(await hasChecksum.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                // A store made before checksums: its migrations get theirs below, from this build's scripts.
                await using var add = Command(connection, transaction, "ALTER TABLE schema_migrations ADD COLUMN checksum TEXT");
                await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        List<MigrationCheck.Applied> applied;
        await using (var query = Command(connection, transaction, "SELECT version, name, checksum FROM schema_migrations"))
        {
            applied = await MigrationCheck.ReadAppliedAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var (toApply, toRecord) = MigrationCheck.Plan(MigrationScripts.For("Sqlite"), applied, Description);
        foreach (var script in toRecord)
        {
            await using var record = Command(connection, transaction, "UPDATE schema_migrations SET checksum = $c WHERE version = $v");
            record.Parameters.AddWithValue("$v", script.Version);
            record.Parameters.AddWithValue("$c", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var script in toApply)
        {
            await using var apply = Command(connection, transaction, script.Sql);
            await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // The database's own clock, as on PostgreSQL (applied_at DEFAULT now()).
            await using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), $c)");
            record.Parameters.AddWithValue("$v", script.Version);
            record.Parameters.AddWithValue("$n", script.Name);
            record.Parameters.AddWithValue("$c", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> BeginRunAsync(string kind, IReadOnlyList<string> inputs, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"INSERT INTO ingest_runs (kind, started_at, status, inputs) VALUES ($k, $s, '{RunStatus.Running.ToName()}', $i) RETURNING id");
        command.Parameters.AddWithValue("$k", kind);
        command.Parameters.AddWithValue("$s", Utc(startedAt));
        command.Parameters.AddWithValue("$i", StoredJson.Strings(inputs));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task CompleteRunAsync(long runId, RunCounts counts, RunStatus status, DateTimeOffset finishedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE ingest_runs SET finished_at = $f, status = $st, files = $files, records_read = $read, stored = $stored,
                duplicates = $dup, rejected = $rej, unreadable_files = $unr
            WHERE id = $id
            """);
        command.Parameters.AddWithValue("$f", Utc(finishedAt));
        command.Parameters.AddWithValue("$st", status.ToName());
        command.Parameters.AddWithValue("$files", counts.Files);
        command.Parameters.AddWithValue("$read", counts.RecordsRead);
        command.Parameters.AddWithValue("$stored", counts.Stored);
        command.Parameters.AddWithValue("$dup", counts.Duplicates);
        command.Parameters.AddWithValue("$rej", counts.Rejected);
        command.Parameters.AddWithValue("$unr", counts.UnreadableFiles);
        command.Parameters.AddWithValue("$id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResult> WriteAsync(long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return default;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        batch = await LinkCustomersAsync(connection, transaction, runId, batch, cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, transaction, """
            INSERT OR IGNORE INTO interactions (id, channel, received_at_utc, received_offset_min, text, has_text, subject, product, issue,
                company, customer_key, customer_identifiers, ticket_id, language, source_path, source_locator, metadata, turns, run_id)
            VALUES ($id, $channel, $at, $offset, $text, $has_text, $subject, $product, $issue,
                $company, $customer, $identifiers, $ticket, $language, $path, $locator, $metadata, $turns, $run)
            """);
        string[] names = ["$id", "$channel", "$at", "$offset", "$text", "$has_text", "$subject", "$product", "$issue", "$company", "$customer", "$identifiers", "$ticket", "$language", "$path", "$locator", "$metadata", "$turns", "$run"];
        var parameters = names.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var stored = 0;
        var tally = new ChannelTally();
        foreach (var i in batch)
        {
            object?[] values =
            [
                i.Id, i.Channel.ToName(), Utc(i.ReceivedAt), (long)i.ReceivedAt.Offset.TotalMinutes, i.Text, i.HasText ? 1L : 0L,
                i.Subject, i.Product, i.Issue, i.Company, i.CustomerKey, StoredJson.Strings(i.CustomerIdentifiers), i.TicketId, i.Language, i.Source.Path, i.Source.Locator,
                StoredJson.Metadata(i.Metadata), StoredJson.Turns(i.Turns), runId,
            ];
            for (var p = 0; p < values.Length; p++)
            {
                parameters[p].Value = values[p] ?? DBNull.Value;
            }

            // Microsoft.Data.Sqlite runs every command synchronously; the async call only adds overhead per row.
            cancellationToken.ThrowIfCancellationRequested();
            if (insert.ExecuteNonQuery() > 0)
            {
                stored++;
                tally.Add(i);
            }
        }

        foreach (var (channel, interactions, withText) in tally.Counts())
        {
            await using var count = Command(connection, transaction, TotalsSql.Add);
            count.Parameters.AddWithValue("$1", channel);
            count.Parameters.AddWithValue("$2", interactions);
            count.Parameters.AddWithValue("$3", withText);
            count.ExecuteNonQuery();
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteResult(stored, batch.Count - stored);
    }

    /// <summary>Joins each interaction to the customer its identifiers are already linked to, and records new links.</summary>
    private static async Task<IReadOnlyList<Interaction>> LinkCustomersAsync(SqliteConnection connection, SqliteTransaction transaction, long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var identifiers = CustomerLinker.IdentifiersOf(batch).ToList();
        if (identifiers.Count == 0)
        {
            return batch;
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var query = Command(connection, transaction, "SELECT identifier, customer_key FROM customer_identifiers WHERE identifier IN (SELECT value FROM json_each($ids))"))
        {
            query.Parameters.AddWithValue("$ids", StoredJson.Strings(identifiers));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var linked = CustomerLinker.Link(batch, known);
        await using var insert = Command(connection, transaction, "INSERT OR IGNORE INTO customer_identifiers (identifier, customer_key, run_id) VALUES ($i, $c, $r)");
        var identifier = insert.Parameters.Add(new SqliteParameter { ParameterName = "$i" });
        var customer = insert.Parameters.Add(new SqliteParameter { ParameterName = "$c" });
        insert.Parameters.AddWithValue("$r", runId);
        foreach (var (i, c) in linked.NewLinks)
        {
            identifier.Value = i;
            customer.Value = c;
            insert.ExecuteNonQuery();
        }

        return linked.Batch;
    }

    public async Task QuarantineAsync(long runId, IReadOnlyList<QuarantinedItem> items, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO quarantine (run_id, source_path, source_locator, reason, raw, quarantined_at)
                VALUES ($run, $path, $locator, $reason, $raw, $at)
                ON CONFLICT (source_path, source_locator, reason) DO UPDATE SET run_id = excluded.run_id, raw = excluded.raw, quarantined_at = excluded.quarantined_at
                """);
            insert.Parameters.AddWithValue("$run", runId);
            insert.Parameters.AddWithValue("$path", item.Source.Path);
            insert.Parameters.AddWithValue("$locator", item.Source.Locator);
            insert.Parameters.AddWithValue("$reason", item.Reason);
            insert.Parameters.AddWithValue("$raw", (object?)item.Raw ?? DBNull.Value);
            insert.Parameters.AddWithValue("$at", Utc(at));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static readonly string InteractionColumns = InteractionSql.Columns("received_at_utc", "");

    /// <summary>An instant in a time column (text in <see cref="UtcFormat"/>).</summary>
    private static readonly Func<DbDataReader, int, DateTimeOffset> ReadUtc = static (reader, i) => ParseUtc(reader.GetString(i));

    public async IAsyncEnumerable<Interaction> ReadAsync(Channel? channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {InteractionColumns} FROM interactions WHERE $channel IS NULL OR channel = $channel ORDER BY received_at_utc, id");
        command.Parameters.AddWithValue("$channel", (object?)channel?.ToName() ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadInteraction(reader);
        }
    }

    public async IAsyncEnumerable<ScoredInteraction> ReadScoredAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT {ScoredInteractionSql.Columns} FROM interaction_scores WHERE {Between("received_at", from, until)} ORDER BY received_at, id");
        AddBounds(command, from, until);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ScoredInteractionSql.Read(reader, i => ParseUtc(reader.GetString(i)));
        }
    }

    public async Task SaveTopicLabelsAsync(IReadOnlyDictionary<int, string> labels, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = Command(connection, transaction, "DELETE FROM topic_labels"))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = Command(connection, transaction, "INSERT INTO topic_labels (topic_id, label) VALUES ($id, $label)"))
        {
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var label = insert.Parameters.Add("$label", SqliteType.Text);
            foreach (var (topic, text) in labels)
            {
                id.Value = topic;
                label.Value = text;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ReportRow> ReadReportRowsAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT i.id, i.channel, i.received_at_utc, i.received_offset_min, i.product, i.issue, i.company, i.has_text,
                   s.sentiment_class, s.sentiment_score, s.anger_level, s.topic_id, s.topic_weight, s.recent_contacts,
                   (SELECT count(*) FROM priority_bumps b WHERE b.interaction_id = i.id AND b.status = 'sent'), i.language
            FROM interactions i LEFT JOIN scores s ON s.interaction_id = i.id
            WHERE {Between("i.received_at_utc", from, until)}
            ORDER BY i.received_at_utc, i.id
            """);
        AddBounds(command, from, until);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReportRowSql.Read(reader, ReadUtc);
        }
    }

    public async Task<IReadOnlyDictionary<int, DateTimeOffset>> TopicFirstReceivedAsync(IReadOnlyCollection<int> topics, CancellationToken cancellationToken)
    {
        var first = new Dictionary<int, DateTimeOffset>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // CROSS JOIN keeps the interactions outer, walked in received order by their index: a topic that occurs early
        // is found at once, instead of reading all of its scores and sorting them.
        await using var command = Command(connection, null, """
            SELECT i.received_at_utc FROM interactions i CROSS JOIN scores s
            WHERE s.interaction_id = i.id AND s.topic_id = $topic ORDER BY i.received_at_utc LIMIT 1
            """);
        var topic = command.Parameters.Add(new SqliteParameter { ParameterName = "$topic" });
        foreach (var id in topics)
        {
            topic.Value = id;
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string received)
            {
                first[id] = ParseUtc(received);
            }
        }

        return first;
    }

    public async Task<ReceivedSpan?> ReceivedSpanAsync(DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT (SELECT min(received_at_utc) FROM interactions WHERE {Between("received_at_utc", null, before)}), (SELECT max(received_at_utc) FROM interactions WHERE {Between("received_at_utc", null, before)})");
        AddBounds(command, null, before);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0)
            ? new ReceivedSpan(ParseUtc(reader.GetString(0)), ParseUtc(reader.GetString(1)))
            : null;
    }

    /// <summary>A received-time condition with only the bounds given, so the index on received time is used.</summary>
    private static string Between(string column, DateTimeOffset? from, DateTimeOffset? until) =>
        (from, until) switch
        {
            (null, null) => "1 = 1",
            (null, _) => $"{column} < $until",
            (_, null) => $"{column} >= $from",
            _ => $"{column} >= $from AND {column} < $until",
        };

    private static void AddBounds(SqliteCommand command, DateTimeOffset? from, DateTimeOffset? until)
    {
        if (from is { } f)
        {
            command.Parameters.AddWithValue("$from", Utc(f));
        }

        if (until is { } u)
        {
            command.Parameters.AddWithValue("$until", Utc(u));
        }
    }

    public async Task<IReadOnlyList<Interaction>> ReadByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new List<Interaction>();
        if (ids.Count == 0)
        {
            return result;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {InteractionColumns} FROM interactions WHERE id IN (SELECT value FROM json_each($ids)) ORDER BY id");
        command.Parameters.AddWithValue("$ids", StoredJson.Strings(ids.ToList()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadInteraction(reader));
        }

        return result;
    }

    private async Task<IReadOnlyList<Interaction>> ReadUnscoredAsync(string versionKey, int limit, string? after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT {InteractionColumns} FROM interactions i
            WHERE i.id > $after AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.interaction_id = i.id AND s.version_key = $v)
            ORDER BY i.id LIMIT $n
            """);
        command.Parameters.AddWithValue("$v", versionKey);
        command.Parameters.AddWithValue("$n", limit);
        command.Parameters.AddWithValue("$after", after ?? string.Empty);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<Interaction>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(ReadInteraction(reader));
        }

        return batch;
    }

    private static void WriteScores(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<InteractionScore> scores, CancellationToken cancellationToken)
    {
        using var upsert = Command(connection, transaction, ScoreSql.Upsert);
        var parameters = Enumerable.Range(1, 16).Select(n => upsert.Parameters.Add(new SqliteParameter { ParameterName = "$" + n })).ToArray();
        foreach (var score in scores)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = ScoreSql.Values(score, Utc(score.ScoredAt));
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            upsert.ExecuteNonQuery();
        }
    }

    public async Task<int> DeleteScoresAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM scores");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> ContactTimesAsync(IReadOnlyCollection<string> customerKeys, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        if (customerKeys.Count > 0)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, null, $"""
                SELECT customer_key, received_at_utc FROM interactions
                WHERE customer_key IN (SELECT value FROM json_each($keys)) AND {Between("received_at_utc", from, until)}
                ORDER BY customer_key, received_at_utc
                """);
            command.Parameters.AddWithValue("$keys", StoredJson.Strings(customerKeys.ToList()));
            AddBounds(command, from, until);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                if (!times.TryGetValue(key, out var list))
                {
                    times[key] = list = [];
                }

                list.Add(ParseUtc(reader.GetString(1)));
            }
        }

        return times.ToDictionary(p => p.Key, p => (IReadOnlyList<DateTimeOffset>)p.Value, StringComparer.Ordinal);
    }

    private static Interaction ReadInteraction(SqliteDataReader reader) => InteractionSql.Read(reader, ReadUtc);

    public async Task<StoreTotals> GetTotalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await TotalsSql.ReadAsync(sql => Command(connection, null, sql), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IngestRun>> ListRunsAsync(int last, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, JournalSql.Runs);
        command.Parameters.AddWithValue("$1", last);
        return await JournalSql.ListRunsAsync(command, ReadUtc, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(long? runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {JournalSql.QuarantineColumns} FROM quarantine WHERE $run IS NULL OR run_id = $run ORDER BY id");
        command.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
        return await JournalSql.ListQuarantinedAsync(command, ReadUtc, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        // Release this store's pooled handles so the database file can be moved or deleted after the run.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // A 64 MB page cache (SQLite's default is 2 MB): a store of a million interactions has about 90 MB of indexes,
            // which a batch's inserts reach all over; with 2 MB every batch read its index pages again.
            await ExecuteAsync(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseUtc(string text) =>
        new(DateTime.ParseExact(text, UtcFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
}
