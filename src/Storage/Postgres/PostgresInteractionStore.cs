using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Postgres;

/// <summary>
/// The team store on PostgreSQL. A batch drops the interactions already stored and goes in with binary
/// COPY, one writer at a time (advisory lock), so re-ingesting adds nothing and the counts are exact.
/// Interactions and scores are partitioned by month of their received time (migration 0006): a batch makes the
/// interactions partitions of its months before it is written, scoring makes the scores partitions (migration 0013),
/// and <c>interaction_keys</c> keeps each id unique across them.
/// Migrations run under an advisory lock, so several processes may start at once.
/// </summary>
public sealed partial class PostgresInteractionStore : IInteractionStore
{
    private const long MigrationLockKey = 0x5069_7065_6c69_6e65; // "Pipeline"
    private const long WriteLockKey = MigrationLockKey + 1;
    private const long ScoreMonthsLockKey = MigrationLockKey + 2;
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The months whose interactions partitions this process made or found (after the transaction that did so committed).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateTime, bool> _months = new();

    /// <summary>The months this process knows to have a scores partition (read by <see cref="PrepareScoringAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateTime, bool> _scoreMonths = new();

    /// <summary>This process's latest making of scores partitions (<see cref="PrepareScoringAsync"/>), joined while it runs.</summary>
    private Task? _preparing;

    private readonly Lock _preparingLock = new();

    public PostgresInteractionStore(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(WithDefaults(connectionString));
        var builder = dataSource.ConnectionStringBuilder;

        // The store uses only PostgreSQL's built-in types, which Npgsql knows without asking: not loading the server's
        // type catalogue saves about 60 ms on every process's first connection (BENCHMARKS.md).
        dataSource.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        _dataSource = dataSource.Build();
        Description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string Description { get; }

    /// <summary>How many statements a connection keeps prepared when the connection string does not say (Npgsql's Max Auto Prepare).</summary>
    public const int AutoPrepared = 32;

    /// <summary>
    /// The Npgsql connection string the store uses: <paramref name="connectionString"/> with <c>Max Auto Prepare</c> set to
    /// <see cref="AutoPrepared"/> unless it sets it itself. The claim, the lookups and the inserts run once a batch with the
    /// same text: prepared on each connection (the pool keeps them), the server parses each once, not once a batch (0.04 to
    /// 0.1 s of the server's CPU in scoring the anchor; BENCHMARKS.md). Behind a pooler that cannot keep prepared statements,
    /// write <c>Max Auto Prepare=0</c>.
    /// </summary>
    /// <remarks>
    /// The store's sessions also start with PostgreSQL's JIT compilation off (<see cref="NoJit"/> added to the connection's
    /// <c>Options</c>) unless the options set <c>jit</c> themselves or are written empty. On this machine's own server
    /// (<see cref="OnThisMachine"/>) a session is not encrypted unless the connection string or <c>PGSSLMODE</c> says how
    /// (<c>SSL Mode=Allow</c>): see <see cref="LocalSslMode"/>.
    /// </remarks>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = AutoPrepared;
        }

        if (!Sets(connectionString, "SSL Mode") && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGSSLMODE")) && OnThisMachine(builder.Host))
        {
            builder.SslMode = LocalSslMode;
        }

        if (!Sets(connectionString, "Options") && !WritesEmptyOptions().IsMatch(connectionString))
        {
            builder.Options = NoJit;
        }
        else if (!string.IsNullOrWhiteSpace(builder.Options) && !SetsJit().IsMatch(builder.Options))
        {
            builder.Options = builder.Options.TrimEnd() + " " + NoJit;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The server option that turns JIT compilation off for a session. The server compiles a statement whose plan it costs
    /// above <c>jit_above_cost</c>, and the store's statements over monthly partitions cost that much once the statistics
    /// know the months' sizes; compiling them took longer than it saved. The weekly report of 1M interactions spent
    /// 0.68 s of its 1.3 s in the server compiling its two reads (the command 2.1 s with it, 1.4-1.5 s without), and the
    /// record of the months scored whole 180 of its 186 ms (BENCHMARKS.md, "the fifteenth round"). Behind a pooler that
    /// refuses startup options, write <c>Options=</c> (empty); <c>Options=-c jit=on</c> keeps the server's JIT.
    /// </summary>
    public const string NoJit = "-c jit=off";

    /// <summary>
    /// How the store connects to a server on this machine when nothing says otherwise: without TLS, and with it only when the
    /// server refuses a session without (Npgsql's <c>Allow</c>). Npgsql's own default, <c>Prefer</c>, negotiates TLS whenever
    /// the server offers it, as Debian's own cluster does (<c>ssl = on</c>, with the machine's snakeoil certificate): over the
    /// loopback that encrypts nothing that leaves the machine, and it cost every command about 0.13 s (a command that only
    /// opens the store 0.21-0.26 s against 0.33-0.40 s) and the anchor's ingest and score about half a second together
    /// (BENCHMARKS.md, "the eighteenth round").
    /// </summary>
    public const SslMode LocalSslMode = SslMode.Allow;

    /// <summary>
    /// Whether every host of <paramref name="hosts"/> (Npgsql's <c>Host</c>: a comma-separated list, each with an optional
    /// <c>:port</c>) is this machine: <c>localhost</c>, a loopback address (127.0.0.0/8, ::1), or a Unix socket's folder.
    /// </summary>
    public static bool OnThisMachine(string? hosts)
    {
        if (string.IsNullOrWhiteSpace(hosts))
        {
            return false;
        }

        foreach (var written in hosts.Split(',', StringSplitOptions.TrimEntries))
        {
            if (written.StartsWith('/') || written.StartsWith('@'))
            {
                continue;
            }

            var host = written;
            if (host.StartsWith('['))
            {
                // [::1] or [::1]:5432
                var end = host.IndexOf(']', StringComparison.Ordinal);
                host = end > 0 ? host[1..end] : host;
            }
            else if (host.Count(c => c == ':') == 1)
            {
                host = host[..host.IndexOf(':', StringComparison.Ordinal)];
            }

            var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
            if (!loopback)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Startup options that set <c>jit</c> (<c>-c jit=...</c>, <c>-cjit=...</c> or <c>--jit=...</c>).</summary>
    [GeneratedRegex(@"(?:-c\s*|--)jit\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetsJit();

    /// <summary>A connection string that writes <c>Options=</c> with nothing after it (which the parsers drop).</summary>
    [GeneratedRegex(@"(?:^|;)\s*options\s*=\s*(?:;|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WritesEmptyOptions();

    /// <summary>Whether the connection string sets <paramref name="keyword"/> (spaces and case aside, as Npgsql reads its keywords).</summary>
    private static bool Sets(string connectionString, string keyword)
    {
        var wanted = keyword.Replace(" ", string.Empty, StringComparison.Ordinal);
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in written.Keys)
        {
            if (string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)", cancellationToken).ConfigureAwait(false);

        // A store made before checksums: its migrations get theirs below, from this build's scripts.
        await ExecuteAsync(connection, transaction, "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text", cancellationToken).ConfigureAwait(false);
        List<MigrationCheck.Applied> applied;
        await using (var query = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection, transaction))
        {
            applied = await MigrationCheck.ReadAppliedAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var migrations = MigrationScripts.For("Postgres");
        var (toApply, toRecord) = MigrationCheck.Plan(migrations, applied, Description);

        // A new store gets the schema its migrations would make from one script (Migrations/PostgresSchema), and records
        // them as applied: the migrations make, rename, move and drop tables on the way, and an ingest of the anchor into
        // a new database ends 90 ms sooner without them (BENCHMARKS.md, "the sixteenth round"). Migrations after the
        // script's are applied as usual; a store with migrations recorded goes on through them.
        var schema = applied.Count == 0 ? MigrationScripts.Schema("Postgres", migrations) : null;

        // One round trip for every script and its record: the server runs them back to back. A new store's fourteen
        // scripts took 183 ms a statement at a time against 118 ms so, the difference the server waiting for a client
        // busy reading the first batch (BENCHMARKS.md, "the twelfth round"). One command of many statements (Npgsql
        // splits it; a batch command must hold one), so the records are written as literals. A failure rolls back all.
        var sql = new System.Text.StringBuilder();
        foreach (var script in toRecord)
        {
            sql.Append(CultureInfo.InvariantCulture, $"UPDATE schema_migrations SET checksum = {Literal(script.Checksum)} WHERE version = {script.Version};\n");
        }

        if (schema is not null)
        {
            sql.Append(schema.Sql).Append("\n;\n");
        }

        foreach (var script in toApply)
        {
            // The script's own last line may be a comment: the separator goes on a line of its own.
            if (schema is null || script.Version > schema.Version)
            {
                sql.Append(script.Sql).Append("\n;\n");
            }

            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO schema_migrations (version, name, checksum) VALUES ({script.Version}, {Literal(script.Name)}, {Literal(script.Checksum)});\n");
        }

        if (sql.Length > 0)
        {
            await ExecuteAsync(connection, transaction, sql.ToString(), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> BeginRunAsync(string kind, IReadOnlyList<string> inputs, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"INSERT INTO ingest_runs (kind, started_at, status, inputs) VALUES ($1, $2, '{RunStatus.Running.ToName()}', $3) RETURNING id");
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(startedAt.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter { Value = StoredJson.Strings(inputs), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task CompleteRunAsync(long runId, RunCounts counts, RunStatus status, DateTimeOffset finishedAt, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE ingest_runs SET finished_at = $1, status = $2, files = $3, records_read = $4, stored = $5, duplicates = $6,
                rejected = $7, unreadable_files = $8
            WHERE id = $9
            """);
        command.Parameters.AddWithValue(finishedAt.UtcDateTime);
        command.Parameters.AddWithValue(status.ToName());
        command.Parameters.AddWithValue(counts.Files);
        command.Parameters.AddWithValue(counts.RecordsRead);
        command.Parameters.AddWithValue(counts.Stored);
        command.Parameters.AddWithValue(counts.Duplicates);
        command.Parameters.AddWithValue(counts.Rejected);
        command.Parameters.AddWithValue(counts.UnreadableFiles);
        command.Parameters.AddWithValue(runId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResult> WriteAsync(long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return default;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Writers take turns (transaction-scoped advisory lock): customer links stay consistent, and the ids
        // found absent below cannot be inserted by another process before this transaction commits.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken).ConfigureAwait(false);
        // Two statements, a lookup of the batch's ids then a plain insert of the new ones, cost less than one insert that
        // skips conflicts and returns what it added (23 against 30-50 ms a batch of 4,000; BENCHMARKS.md).
        var fresh = await WithoutStoredAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        fresh = await LinkCustomersAsync(connection, transaction, runId, fresh, cancellationToken).ConfigureAwait(false);
        var months = new List<DateTime>();
        if (fresh.Count > 0)
        {
            months = await EnsureMonthsAsync(connection, transaction, fresh, cancellationToken).ConfigureAwait(false);
            await ReopenScoredMonthsAsync(connection, transaction, fresh, cancellationToken).ConfigureAwait(false);
            await AddKeysAsync(connection, transaction, fresh, cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, runId, InKeyOrder(fresh), cancellationToken).ConfigureAwait(false);
            await CountAsync(connection, transaction, fresh, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var month in months)
        {
            _months.TryAdd(month, true);
        }

        return new WriteResult(fresh.Count, batch.Count - fresh.Count);
    }

    /// <summary>The batch without interactions already stored, and without repeats inside the batch (the first one counts).</summary>
    private static async Task<IReadOnlyList<Interaction>> WithoutStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        // By interaction_keys, the one index that holds every id (the partitions' keys each hold a month's).
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var query = new NpgsqlCommand("SELECT id FROM interaction_keys WHERE id = ANY($1)", connection, transaction))
        {
            query.Parameters.AddWithValue(batch.Select(i => i.Id).ToArray());
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetString(0));
            }
        }

        return batch.Where(i => stored.Add(i.Id)).ToList();
    }

    /// <summary>
    /// Makes the interactions partitions of the batch's months that do not exist yet (one round trip, and none for months
    /// this process has seen). A new partition locks the parent table while it is attached: once a month, at the first
    /// batch of that month. The scores partitions are scoring's to make (<see cref="PrepareScoringAsync"/>).
    /// </summary>
    /// <returns>The months looked at, to remember once the transaction has committed.</returns>
    private async Task<List<DateTime>> EnsureMonthsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var months = new List<DateTime>();
        foreach (var interaction in batch)
        {
            var month = MonthOf(interaction);
            if (!_months.ContainsKey(month) && !months.Contains(month))
            {
                months.Add(month);
            }
        }

        if (months.Count > 0)
        {
            // Month by month: a batch spanning years makes only the months it holds.
            await using var command = new NpgsqlCommand("SELECT pipeline_ensure_interaction_months(m, m) FROM unnest($1::timestamptz[]) AS m", connection, transaction);
            command.Parameters.AddWithValue(months.ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return months;
    }

    /// <summary>
    /// The batch in the order of the partitions' key (received time in UTC, then id). The server's COPY buffers rows per
    /// partition and writes them out every 64 KB: in the order a file lists them (complaints of every month mixed), each of
    /// those writes went to some thirty months with a row or two each; in key order a month's rows go in together, onto
    /// the same pages of its table and index.
    /// </summary>
    private static Interaction[] InKeyOrder(IReadOnlyList<Interaction> batch)
    {
        Interaction[] sorted = [.. batch];
        Array.Sort(sorted, static (a, b) =>
        {
            var byTime = a.ReceivedAt.UtcDateTime.CompareTo(b.ReceivedAt.UtcDateTime);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        });
        return sorted;
    }

    /// <summary>The first instant (UTC) of the month an interaction's partitions are in.</summary>
    private static DateTime MonthOf(Interaction interaction) => MonthOf(interaction.ReceivedAt.UtcDateTime);

    /// <summary>The first instant (UTC) of the month of a received time in UTC.</summary>
    private static DateTime MonthOf(DateTime utc) => new(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The months the batch adds interactions to are no longer wholly scored (<c>score_months_done</c>, migration 0016):
    /// the next scoring run walks them again. Under the writers' lock, which a run recording whole months takes as well.
    /// </summary>
    private static async Task ReopenScoredMonthsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var months = new HashSet<DateTime>();
        foreach (var interaction in batch)
        {
            months.Add(MonthOf(interaction));
        }

        await using var delete = new NpgsqlCommand("DELETE FROM score_months_done WHERE month = ANY($1)", connection, transaction);
        delete.Parameters.AddWithValue(months.ToArray());
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the batch's interactions to <c>interaction_counts</c> (one round trip).</summary>
    private static async Task CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var tally = new ChannelTally();
        foreach (var interaction in batch)
        {
            tally.Add(interaction);
        }

        await using var counts = new NpgsqlBatch(connection, transaction);
        foreach (var (channel, interactions, withText) in tally.Counts())
        {
            var add = new NpgsqlBatchCommand(TotalsSql.Add);
            add.Parameters.AddWithValue(channel);
            add.Parameters.AddWithValue(interactions);
            add.Parameters.AddWithValue(withText);
            counts.BatchCommands.Add(add);
        }

        await counts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the batch's ids in <c>interaction_keys</c>, the table that keeps them unique across the months.</summary>
    private static async Task AddKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var ids = new string[batch.Count];
        var received = new DateTime[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            ids[i] = batch[i].Id;
            received[i] = batch[i].ReceivedAt.UtcDateTime;
        }

        await using var insert = new NpgsqlCommand("INSERT INTO interaction_keys (id, received_at) SELECT * FROM unnest($1::text[], $2::timestamptz[])", connection, transaction);
        insert.Parameters.AddWithValue(ids);
        insert.Parameters.AddWithValue(received);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binary COPY of new interactions straight into the table (PostgreSQL routes each row to its month).</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY interactions ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);

        // Synchronous writes: the importer buffers rows and flushes only when its buffer is full; awaiting
        // each of the 19 fields of every row costs more than the copy itself.
        foreach (var i in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.StartRow();
            writer.Write(i.Id, NpgsqlDbType.Text);
            writer.Write(i.Channel.ToName(), NpgsqlDbType.Text);
            writer.Write(i.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            writer.Write((int)i.ReceivedAt.Offset.TotalMinutes, NpgsqlDbType.Integer);
            WriteNullable(writer, i.Text);
            writer.Write(i.HasText, NpgsqlDbType.Boolean);
            WriteNullable(writer, i.Subject);
            WriteNullable(writer, i.Product);
            WriteNullable(writer, i.Issue);
            WriteNullable(writer, i.Company);
            WriteNullable(writer, i.CustomerKey);
            writer.Write(StoredJson.Strings(i.CustomerIdentifiers), NpgsqlDbType.Json);
            WriteNullable(writer, i.TicketId);
            writer.Write(i.Language, NpgsqlDbType.Text);
            writer.Write(i.Source.Path, NpgsqlDbType.Text);
            writer.Write(i.Source.Locator, NpgsqlDbType.Text);
            writer.Write(StoredJson.Metadata(i.Metadata), NpgsqlDbType.Json);
            writer.Write(StoredJson.Turns(i.Turns), NpgsqlDbType.Json);
            writer.Write(runId, NpgsqlDbType.Bigint);
        }

        // Without Complete the import is rolled back when the writer is disposed.
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Columns = "id, channel, received_at, received_offset_min, text, has_text, subject, product, issue, company, " +
        "customer_key, customer_identifiers, ticket_id, language, source_path, source_locator, metadata, turns, run_id";

    /// <summary>Joins each interaction to the customer its identifiers are already linked to, and records new links.</summary>
    private static async Task<IReadOnlyList<Interaction>> LinkCustomersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken)
    {
        var identifiers = CustomerLinker.IdentifiersOf(batch).ToArray();
        if (identifiers.Length == 0)
        {
            return batch;
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var query = new NpgsqlCommand("SELECT identifier, customer_key FROM customer_identifiers WHERE identifier = ANY($1)", connection, transaction))
        {
            query.Parameters.AddWithValue(identifiers);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var linked = CustomerLinker.Link(batch, known);
        if (linked.NewLinks.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO customer_identifiers (identifier, customer_key, run_id) SELECT i, c, $3 FROM unnest($1::text[], $2::text[]) AS t(i, c) ON CONFLICT DO NOTHING",
                connection, transaction);
            insert.Parameters.AddWithValue(linked.NewLinks.Select(l => l.Key).ToArray());
            insert.Parameters.AddWithValue(linked.NewLinks.Select(l => l.Value).ToArray());
            insert.Parameters.AddWithValue(runId);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return linked.Batch;
    }

    public async Task QuarantineAsync(long runId, IReadOnlyList<QuarantinedItem> items, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var item in items)
            {
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO quarantine (run_id, source_path, source_locator, reason, raw, quarantined_at) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (source_path, source_locator, reason) DO UPDATE SET run_id = excluded.run_id, raw = excluded.raw, quarantined_at = excluded.quarantined_at
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = runId });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Source.Path });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Source.Locator });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Reason });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)item.Raw ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = at.UtcDateTime });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static readonly string InteractionColumns = InteractionSql.Columns("received_at", "::text");

    /// <summary>An instant in a <c>timestamptz</c> column (Npgsql reads it as a UTC <see cref="DateTime"/>).</summary>
    private static readonly Func<DbDataReader, int, DateTimeOffset> ReadUtc = static (reader, i) => Utc(reader.GetFieldValue<DateTime>(i));

    public async IAsyncEnumerable<Interaction> ReadAsync(Channel? channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {InteractionColumns} FROM interactions WHERE $1::text IS NULL OR channel = $1 ORDER BY received_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)channel?.ToName() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadInteraction(reader);
        }
    }

    public async IAsyncEnumerable<ScoredInteraction> ReadScoredAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {ScoredInteractionSql.Columns} FROM interaction_scores WHERE received_at >= $1 AND received_at < $2 ORDER BY received_at, id");
        command.Parameters.AddWithValue(from?.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        command.Parameters.AddWithValue(until?.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ScoredInteractionSql.Read(reader, i => new DateTimeOffset(reader.GetFieldValue<DateTime>(i), TimeSpan.Zero));
        }
    }

    public async Task SaveTopicLabelsAsync(IReadOnlyDictionary<int, string> labels, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM topic_labels", cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand("INSERT INTO topic_labels (topic_id, label) SELECT * FROM unnest($1::int[], $2::text[])", connection, transaction))
        {
            insert.Parameters.AddWithValue(labels.Keys.ToArray());
            insert.Parameters.AddWithValue(labels.Values.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ReportRow> ReadReportRowsAsync(DateTimeOffset? from, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT i.id, i.channel, i.received_at, i.received_offset_min, i.product, i.issue, i.company, i.has_text,
                   s.sentiment_class, s.sentiment_score, s.anger_level, s.topic_id, s.topic_weight, s.recent_contacts,
                   (SELECT count(*)::int FROM priority_bumps b WHERE b.interaction_id = i.id AND b.status = 'sent'), i.language
            FROM interactions i
            -- The window is repeated on the scores so that the planner prunes their months too (the join alone does not).
            LEFT JOIN scores s ON s.interaction_id = i.id AND s.received_at = i.received_at AND s.received_at >= $1 AND s.received_at < $2
            WHERE i.received_at >= $1 AND i.received_at < $2
            ORDER BY i.received_at, i.id
            """);
        command.Parameters.AddWithValue(from?.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        command.Parameters.AddWithValue(until?.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReportRowSql.Read(reader, ReadUtc);
        }
    }

    public async Task<IReadOnlyDictionary<int, DateTimeOffset>> TopicFirstReceivedAsync(IReadOnlyCollection<int> topics, CancellationToken cancellationToken)
    {
        var first = new Dictionary<int, DateTimeOffset>();
        foreach (var topic in topics)
        {
            // Walks the interactions in received order (their index) until one has the topic: at once for a common topic.
            await using var command = _dataSource.CreateCommand("""
                SELECT s.received_at FROM scores s
                WHERE s.topic_id = $1 ORDER BY s.received_at LIMIT 1
                """);
            command.Parameters.AddWithValue(topic);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime received)
            {
                first[topic] = new DateTimeOffset(DateTime.SpecifyKind(received, DateTimeKind.Utc), TimeSpan.Zero);
            }
        }

        return first;
    }

    public async Task<ReceivedSpan?> ReceivedSpanAsync(DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(before is null
            ? "SELECT min(received_at), max(received_at) FROM interactions"
            : "SELECT min(received_at), max(received_at) FROM interactions WHERE received_at < $1");
        if (before is { } b)
        {
            command.Parameters.AddWithValue(b.UtcDateTime);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0)
            ? new ReceivedSpan(new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero), new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero))
            : null;
    }

    public async Task<IReadOnlyList<Interaction>> ReadByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new List<Interaction>();
        if (ids.Count == 0)
        {
            return result;
        }

        // By interaction_keys, which gives each id its month: the key of the interactions is (received_at, id).
        await using var command = _dataSource.CreateCommand($"""
            SELECT x.* FROM interaction_keys k
            CROSS JOIN LATERAL (SELECT {InteractionColumns} FROM interactions i WHERE i.received_at = k.received_at AND i.id = k.id) x
            WHERE k.id = ANY($1) ORDER BY k.id
            """);
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadInteraction(reader));
        }

        return result;
    }

    /// <summary>
    /// Replacing scores in one statement: each column is one array parameter, unnested into rows and upserted. One parse
    /// and one plan per batch, where a statement per score made the server parse and plan the upsert a thousand times.
    /// </summary>
    /// <remarks>$17 is each score's interaction's received time: the partition key, which scores carry beside the id.</remarks>
    private const string UpsertScores = $"""
        INSERT INTO scores ({ScoreSql.WrittenColumns}, received_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[],
            $9::float8[], $10::json[], $11::text[], $12::int[], $13::int[], $14::float8[], $15::json[], $16::timestamptz[], $17::timestamptz[])
        ON CONFLICT (interaction_id, received_at) {ScoreSql.ReplaceEarlier}
        """;

    /// <summary>
    /// A scoring batch's scores: binary COPY of the first scores of their interactions, and one upsert for those that replace
    /// a score of another version. The upsert is the slower path (the server tries each row's key first): 37 µs a score
    /// on the anchor's first scoring, where every score is a first one.
    /// </summary>
    /// <param name="received">Each scored interaction's received time (UTC), by id.</param>
    /// <param name="earlier">The ids that have a score of another version.</param>
    private static async Task WriteScoresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<InteractionScore> scores,
        IReadOnlyDictionary<string, DateTime> received, IReadOnlySet<string> earlier, CancellationToken cancellationToken)
    {
        var replacing = new List<InteractionScore>(earlier.Count);
        var first = new List<InteractionScore>(scores.Count);
        foreach (var score in scores)
        {
            (earlier.Contains(score.InteractionId) ? replacing : first).Add(score);
        }

        if (first.Count > 0)
        {
            await CopyScoresAsync(connection, first, received, cancellationToken).ConfigureAwait(false);
        }

        if (replacing.Count > 0)
        {
            await UpsertScoresAsync(connection, transaction, replacing, received, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTime ReceivedOf(InteractionScore score, IReadOnlyDictionary<string, DateTime> received) =>
        received.TryGetValue(score.InteractionId, out var at)
            ? at
            : throw new InvalidOperationException($"The score of '{score.InteractionId}' is not of an interaction of its batch.");

    private static async Task CopyScoresAsync(NpgsqlConnection connection, IReadOnlyList<InteractionScore> scores, IReadOnlyDictionary<string, DateTime> received, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY scores ({ScoreSql.WrittenColumns}, received_at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);

        // Synchronous writes into the importer's buffer, as the interactions' copy does.
        foreach (var score in scores)
        {
            writer.StartRow();
            writer.Write(score.InteractionId, NpgsqlDbType.Text);
            writer.Write(score.VersionKey, NpgsqlDbType.Text);
            writer.Write(score.SentimentClass.ToName(), NpgsqlDbType.Text);
            writer.Write(score.SentimentScore, NpgsqlDbType.Double);
            writer.Write(score.Negative, NpgsqlDbType.Double);
            writer.Write(score.Neutral, NpgsqlDbType.Double);
            writer.Write(score.Positive, NpgsqlDbType.Double);
            writer.Write(score.AngerLevel.ToName(), NpgsqlDbType.Text);
            writer.Write(score.AngerScore, NpgsqlDbType.Double);
            writer.Write(StoredJson.Strings(score.AngerCategories), NpgsqlDbType.Json);
            writer.Write(score.AngerExplanation, NpgsqlDbType.Text);
            writer.Write(score.RecentContacts, NpgsqlDbType.Integer);
            if (score.TopicId is { } topic)
            {
                writer.Write(topic, NpgsqlDbType.Integer);
            }
            else
            {
                writer.WriteNull();
            }

            if (score.TopicWeight is { } weight)
            {
                writer.Write(weight, NpgsqlDbType.Double);
            }
            else
            {
                writer.WriteNull();
            }

            writer.Write(StoredJson.Topics(score.TopicDistribution), NpgsqlDbType.Json);
            writer.Write(score.ScoredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            writer.Write(ReceivedOf(score, received), NpgsqlDbType.TimestampTz);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertScoresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<InteractionScore> scores, IReadOnlyDictionary<string, DateTime> received, CancellationToken cancellationToken)
    {

        var n = scores.Count;
        var columns = new Array[]
        {
            new string[n], new string[n], new string[n], new double[n], new double[n], new double[n], new double[n], new string[n],
            new double[n], new string[n], new string[n], new int[n], new int?[n], new double?[n], new string[n], new DateTime[n], new DateTime[n],
        };
        for (var r = 0; r < n; r++)
        {
            var values = ScoreSql.Values(scores[r], scores[r].ScoredAt.UtcDateTime);
            for (var c = 0; c < values.Length; c++)
            {
                columns[c].SetValue(values[c] is DBNull ? null : values[c], r);
            }

            columns[^1].SetValue(ReceivedOf(scores[r], received), r);
        }

        await using var command = new NpgsqlCommand(UpsertScores, connection, transaction);
        for (var c = 0; c < columns.Length; c++)
        {
            command.Parameters.Add(c is 9 or 14
                ? new NpgsqlParameter { Value = columns[c], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json }
                : new NpgsqlParameter { Value = columns[c] });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteScoresAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int deleted;
        await using (var command = new NpgsqlCommand("DELETE FROM scores", connection, transaction))
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The record of months scored whole goes with the scores, under the lock a run recording months takes: a run that
        // counted the scores before this transaction commits has recorded its months before this statement reads them.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM score_months_done", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> ContactTimesAsync(IReadOnlyCollection<string> customerKeys, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        if (customerKeys.Count > 0)
        {
            await using var command = _dataSource.CreateCommand("SELECT customer_key, received_at FROM interactions WHERE customer_key = ANY($1) AND received_at >= $2 AND received_at < $3 ORDER BY customer_key, received_at");
            command.Parameters.AddWithValue(customerKeys.ToArray());
            command.Parameters.AddWithValue(from.UtcDateTime);
            command.Parameters.AddWithValue(until.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                if (!times.TryGetValue(key, out var list))
                {
                    times[key] = list = [];
                }

                list.Add(Utc(reader.GetFieldValue<DateTime>(1)));
            }
        }

        return times.ToDictionary(p => p.Key, p => (IReadOnlyList<DateTimeOffset>)p.Value, StringComparer.Ordinal);
    }

    private static Interaction ReadInteraction(NpgsqlDataReader reader) => InteractionSql.Read(reader, ReadUtc);

    public async Task<StoreTotals> GetTotalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TotalsSql.ReadAsync(sql => new NpgsqlCommand(sql, connection), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IngestRun>> ListRunsAsync(int last, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        await using var command = _dataSource.CreateCommand(JournalSql.Runs);
        command.Parameters.AddWithValue(last);
        return await JournalSql.ListRunsAsync(command, ReadUtc, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(long? runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {JournalSql.QuarantineColumns} FROM quarantine WHERE $1::bigint IS NULL OR run_id = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await JournalSql.ListQuarantinedAsync(command, ReadUtc, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>A string as an SQL literal (standard-conforming: only the quote is doubled).</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
