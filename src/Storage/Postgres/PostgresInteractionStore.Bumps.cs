using Npgsql;
using NpgsqlTypes;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Postgres;

/// <summary>The PostgreSQL store's scoring batches (claimed with <c>FOR UPDATE SKIP LOCKED</c>) and its outbox of priority bumps.</summary>
public sealed partial class PostgresInteractionStore : IBumpStore
{
    /// <summary>
    /// Claims in windows of about two months (the rest of the cursor's month and the next): the planner then prunes the
    /// claim to those months' partitions, where the whole range from the cursor on had it weigh every later month (5 ms a
    /// claim at 61 months, a sixth of the server's work in scoring 100k). A window that runs out before the batch is full
    /// is followed by the next one that holds interactions, in the same transaction.
    /// </summary>
    /// <remarks>
    /// A claim needs no scores partition: a month without one has no scores to look for. The batch's commit makes sure its
    /// months have one before it writes (<see cref="EnsureScoreMonthsAsync"/>).
    /// </remarks>
    public async Task<IScoringBatch> ClaimUnscoredAsync(string versionKey, int limit, string? after, CancellationToken cancellationToken)
    {
        var cursor = ClaimCursor.Parse(after);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, WalkInOrder, cancellationToken).ConfigureAwait(false);
            var batch = new List<Interaction>(limit);
            var earlier = new HashSet<string>(StringComparer.Ordinal);
            var whole = await ScoredMonthsAsync(connection, transaction, versionKey, cancellationToken).ConfigureAwait(false);
            DateTime? start;
            if (cursor is null)
            {
                start = await NextToScoreAsync(connection, transaction, null, whole, cancellationToken).ConfigureAwait(false);
            }
            else if (whole.Contains(MonthOf(cursor.ReceivedAt)))
            {
                start = await NextToScoreAsync(connection, transaction, MonthOf(cursor.ReceivedAt).AddMonths(1), whole, cancellationToken).ConfigureAwait(false);
                cursor = start is { } next ? new ClaimCursor(next, string.Empty) : cursor;
            }
            else
            {
                start = cursor.ReceivedAt;
            }

            while (batch.Count < limit && start is { } from)
            {
                // Two months, or one when the next is scored whole.
                var month = MonthOf(from);
                var until = whole.Contains(month.AddMonths(1)) ? month.AddMonths(1) : month.AddMonths(2);
                var asked = limit - batch.Count;
                var part = await LockUnscoredAsync(connection, transaction, versionKey, asked, cursor, until, cancellationToken).ConfigureAwait(false);
                batch.AddRange(part.Batch);
                earlier.UnionWith(part.Earlier);
                cursor = part.Last ?? cursor;
                if (part.Locked == asked)
                {
                    // The window had more than the batch could take; rows locked but scored meanwhile by another worker
                    // are passed, and the next statement goes on from the last row locked.
                    start = cursor!.ReceivedAt;
                    continue;
                }

                // The window is used up: on from the first interaction after it, if any, past the months scored whole.
                start = await NextToScoreAsync(connection, transaction, until, whole, cancellationToken).ConfigureAwait(false);
                cursor = start is { } next ? new ClaimCursor(next, string.Empty) : cursor;
            }

            return new ScoringBatch(this, connection, transaction, batch, earlier, cursor?.ToString());
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes the scores partition of every month that has interactions and none yet (<c>pipeline_ensure_score_months</c>,
    /// migration 0015) in a transaction of its own, and notes the months that have one. A partition is attached (SHARE
    /// UPDATE EXCLUSIVE on <c>scores</c>), which no claim or commit conflicts with: this runs beside batches in hand, this
    /// process's or another's, and claims need not wait for it; a batch's commit waits for the partitions its scores go
    /// into (<see cref="EnsureScoreMonthsAsync"/>). Scoring processes take turns here (advisory lock), so two never make the
    /// same month; within a process, a call while one runs joins it.
    /// </summary>
    public Task PrepareScoringAsync(CancellationToken cancellationToken)
    {
        lock (_preparingLock)
        {
            if (_preparing is not { IsCompleted: false })
            {
                _preparing = PrepareScoreMonthsAsync(cancellationToken);
            }

            return _preparing;
        }
    }

    private async Task PrepareScoreMonthsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({ScoreMonthsLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pipeline_ensure_score_months()", cancellationToken).ConfigureAwait(false);
        var months = new List<DateTime>();
        await using (var command = new NpgsqlCommand(ScoreMonths, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                months.Add(reader.GetFieldValue<DateTime>(0));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var month in months)
        {
            _scoreMonths.TryAdd(month, true);
        }
    }

    /// <summary>
    /// Waits until each of the interactions' months has a scores partition: the first call joins the preparation under way
    /// in this process (the score stage starts one before its first claim) or makes one; a second makes a month ingested
    /// after that one had looked. Called by a batch's commit, with the batch's claim held: the attach does not wait for it.
    /// </summary>
    private async Task EnsureScoreMonthsAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2 && !HasScoreMonths(interactions); attempt++)
        {
            await PrepareScoringAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!HasScoreMonths(interactions))
        {
            throw new InvalidOperationException("A claimed interaction's month has no scores partition after pipeline_ensure_score_months() made the missing ones.");
        }
    }

    /// <summary>
    /// The first instant of each partition's range of <paramref name="parent"/> (its FOR VALUES FROM bound), as the column
    /// <c>first</c>.
    /// </summary>
    private static string PartitionStarts(string parent) => $"""
        SELECT b.lower::timestamptz AS first
        FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid,
             LATERAL substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)') AS b(lower)
        WHERE h.inhparent = '{parent}'::regclass AND b.lower IS NOT NULL
        """;

    /// <summary>The first instant of each scores partition's range.</summary>
    private static readonly string ScoreMonths = PartitionStarts("scores");

    /// <summary>Whether this process knows a scores partition for the month of each of the interactions.</summary>
    private bool HasScoreMonths(IReadOnlyList<Interaction> interactions)
    {
        foreach (var interaction in interactions)
        {
            if (!_scoreMonths.ContainsKey(MonthOf(interaction)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A claim walks the interactions' key in order and stops at its limit. Left to its statistics, the planner sorted the
    /// whole window instead whenever it expected few rows there, as in a store that was just written and not yet analysed:
    /// 7,040 rows read and sorted on disk for each claim of 1,000 (29 ms against 3.4 ms; BENCHMARKS.md, "the twelfth round").
    /// With sorting ruled out for the claim's transaction, the key's order is the only one left.
    /// </summary>
    private const string WalkInOrder = "SET LOCAL enable_sort = off";

    /// <summary>
    /// The months in which every interaction has a score of <paramref name="versionKey"/> (<c>score_months_done</c>,
    /// migration 0016; recorded by <see cref="RecordScoredAsync"/>, removed by ingest): a claim passes them by, so that a
    /// run over a store scored whole does not look up every interaction's score (5 s at 1M; BENCHMARKS.md, "the fourteenth
    /// round").
    /// </summary>
    private static async Task<HashSet<DateTime>> ScoredMonthsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string versionKey, CancellationToken cancellationToken)
    {
        var months = new HashSet<DateTime>();
        await using var command = new NpgsqlCommand("SELECT month FROM score_months_done WHERE version_key = $1", connection, transaction);
        command.Parameters.AddWithValue(versionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            months.Add(reader.GetFieldValue<DateTime>(0));
        }

        return months;
    }

    /// <summary>The received time (UTC) of the first interaction at or after <paramref name="from"/> outside the months scored whole, or <c>null</c>.</summary>
    private static async Task<DateTime?> NextToScoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime? from, HashSet<DateTime> whole, CancellationToken cancellationToken)
    {
        var next = await NextReceivedAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
        while (next is { } at && whole.Contains(MonthOf(at)))
        {
            next = await NextReceivedAsync(connection, transaction, MonthOf(at).AddMonths(1), cancellationToken).ConfigureAwait(false);
        }

        return next;
    }

    /// <summary>
    /// Records the months in which every interaction now has a score of <paramref name="versionKey"/>: those whose
    /// interactions and scores of the version count the same (a score lives in its interaction's month, one to an
    /// interaction). Counted under the ingest writers' lock, so that no batch adds to a month between the count and the
    /// record; a batch written after it removes the month again (<c>ReopenScoredMonthsAsync</c>). A batch another worker
    /// holds is not counted yet: its months are recorded by a later run.
    /// </summary>
    public async Task RecordScoredAsync(string versionKey, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(RecordWholeMonths, connection, transaction))
        {
            command.Parameters.AddWithValue(versionKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each month with an interactions partition and not yet recorded, recorded when its two counts agree (bounds in UTC).
    /// The months not yet recorded are found first, apart (a materialised CTE): in one query the planner counted every
    /// month before it looked at the record, 4.9 s on a 1M store recorded whole.
    /// </summary>
    private static readonly string RecordWholeMonths = $"""
        WITH open AS MATERIALIZED (
            SELECT m.first, ((m.first AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC' AS after
            FROM ({PartitionStarts("interactions")}) m
            WHERE NOT EXISTS (SELECT 1 FROM score_months_done d WHERE d.version_key = $1 AND d.month = m.first))
        INSERT INTO score_months_done (version_key, month)
        SELECT $1, o.first
        FROM open o
        WHERE (SELECT count(*) FROM interactions i WHERE i.received_at >= o.first AND i.received_at < o.after)
            = (SELECT count(*) FROM scores s WHERE s.version_key = $1 AND s.received_at >= o.first AND s.received_at < o.after)
        """;

    /// <summary>The received time (UTC) of the first interaction at or after <paramref name="from"/> (of all when <c>null</c>), or <c>null</c>.</summary>
    private static async Task<DateTime?> NextReceivedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime? from, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT min(received_at) FROM interactions WHERE received_at >= $1", connection, transaction);
        command.Parameters.AddWithValue(from ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime next
            ? DateTime.SpecifyKind(next, DateTimeKind.Utc)
            : null;
    }

    /// <summary>
    /// Locks up to <paramref name="limit"/> unscored interactions in (received_at, id) order past the cursor, skipping those
    /// another worker holds. The walk goes through the months' partitions in order, and each interaction's score is looked
    /// for in its own month's partition (the join holds the partition key), so a claim reads the indexes of the one or two
    /// months it is in, whatever the store's size. The lock's re-check sees only the interactions row, not a score committed
    /// after this statement's snapshot, so a second statement (a new snapshot in READ COMMITTED) drops what another worker
    /// scored meanwhile; the locks held from here on keep anyone else from scoring the rest.
    /// </summary>
    /// <remarks>
    /// The score is looked for row by row, by the key of its month's partition (a lateral subquery with a limit, which the
    /// planner cannot turn into a join of the two windows). Written as <c>NOT EXISTS</c>, the lookup became an anti-join,
    /// and the plan the server keeps for the prepared claim (made for any window, so weighing every month's partition)
    /// expected a few dozen rows where the window held thousands, and joined every interaction to the window's scores
    /// kept in memory, each against all: a claim over a window already scored took 2-4 s for 7,000-10,000 interactions
    /// against 32 ms so, and a `score` with nothing left to score on the anchor 4.4-7.8 s (BENCHMARKS.md, "the thirteenth
    /// round").
    /// </remarks>
    /// <param name="until">The end of the window looked in (exclusive, UTC).</param>
    /// <returns>
    /// The batch; the ids in it that have a score of another version (to be replaced; the others get their first); how many
    /// rows were locked (the batch and those scored meanwhile: fewer than <paramref name="limit"/> when the window ran
    /// out); and the position of the last row locked (<c>null</c> when none was).
    /// </returns>
    private static async Task<(List<Interaction> Batch, HashSet<string> Earlier, int Locked, ClaimCursor? Last)> LockUnscoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string versionKey, int limit, ClaimCursor? cursor, DateTime until, CancellationToken cancellationToken)
    {
        var batch = new List<Interaction>(limit);
        await using (var command = new NpgsqlCommand($"""
            SELECT {InteractionColumns} FROM interactions i
              LEFT JOIN LATERAL (SELECT true AS found FROM scores s WHERE s.interaction_id = i.id AND s.received_at = i.received_at
                AND s.received_at >= $3 AND s.received_at < $5 AND s.version_key = $1 LIMIT 1) scored ON true
            WHERE i.received_at >= $3 AND i.received_at < $5 AND (i.received_at, i.id) > ($3, $4) AND scored.found IS NULL
            ORDER BY i.received_at, i.id LIMIT $2
            FOR UPDATE OF i SKIP LOCKED
            """, connection, transaction))
        {
            // No time limit (Npgsql's default is 30 s): when every interaction from the cursor on is scored, the claim
            // passes all of them before it can say so (a run after everything was scored: 10M interactions, three minutes from disk).
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue(versionKey);
            command.Parameters.AddWithValue(limit);
            command.Parameters.AddWithValue(cursor?.ReceivedAt ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
            command.Parameters.AddWithValue(cursor?.Id ?? string.Empty);
            command.Parameters.AddWithValue(until);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(ReadInteraction(reader));
            }
        }

        var earlier = new HashSet<string>(StringComparer.Ordinal);
        var locked = batch.Count;
        if (locked == 0)
        {
            return (batch, earlier, 0, null);
        }

        var last = new ClaimCursor(batch[^1].ReceivedAt.UtcDateTime, batch[^1].Id);
        var first = batch[0].ReceivedAt.UtcDateTime;
        var scored = new HashSet<string>(StringComparer.Ordinal);

        // By key within the batch's months: with the version in the WHERE clause the planner ANDed in the version index,
        // which holds every score of the version (27 ms a claim at 100k, growing with the store).
        await using (var recheck = new NpgsqlCommand("SELECT interaction_id, version_key FROM scores WHERE interaction_id = ANY($1) AND received_at BETWEEN $2 AND $3", connection, transaction))
        {
            recheck.Parameters.AddWithValue(batch.Select(i => i.Id).ToArray());
            recheck.Parameters.AddWithValue(first);
            recheck.Parameters.AddWithValue(last.ReceivedAt);
            await using var reader = await recheck.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (reader.GetString(1) == versionKey ? scored : earlier).Add(reader.GetString(0));
            }
        }

        return (batch.Where(i => !scored.Contains(i.Id)).ToList(), earlier, locked, last);
    }

    /// <summary>Where a claim of this store starts: past this received time (UTC) and id. Written as "ticks id" for the caller to hand back.</summary>
    private sealed record ClaimCursor(DateTime ReceivedAt, string Id)
    {
        public static ClaimCursor? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 && long.TryParse(text.AsSpan(0, space), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                ? new ClaimCursor(new DateTime(ticks, DateTimeKind.Utc), text[(space + 1)..])
                : throw new ArgumentException($"'{text}' is not a claim cursor of the PostgreSQL store (a batch's Cursor).", nameof(text));
        }

        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ReceivedAt.Ticks} {Id}");
    }

    /// <summary><see cref="BumpSql.Insert"/> for a batch: the same columns and conflict rule, each parameter an array.</summary>
    private const string InsertBumps = """
        INSERT INTO priority_bumps (interaction_id, channel, ticket_id, rule, rule_version, priority, reason, anger_level, categories, terms,
            idempotency_key, status, attempts, next_attempt_at, created_at)
        SELECT i, c, t, r, v, p, why, a, cat, te, k, st, 0, at, at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[],
            $11::text[], $12::text[], $13::timestamptz[]) AS b(i, c, t, r, v, p, why, a, cat, te, k, st, at)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <param name="earlier">The ids in the batch with a score of another version: no one else can write a score of this
    /// batch while its rows are locked, so the others get their first score.</param>
    private sealed class ScoringBatch(PostgresInteractionStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Interaction> interactions, IReadOnlySet<string> earlier, string? cursor) : IScoringBatch
    {
        public IReadOnlyList<Interaction> Interactions => interactions;

        public string? Cursor => cursor;

        public async Task<int> CommitAsync(IReadOnlyList<InteractionScore> scores, IReadOnlyList<BumpRequest> bumps, CancellationToken cancellationToken)
        {
            var received = new Dictionary<string, DateTime>(interactions.Count, StringComparer.Ordinal);
            foreach (var interaction in interactions)
            {
                received[interaction.Id] = interaction.ReceivedAt.UtcDateTime;
            }

            await store.EnsureScoreMonthsAsync(interactions, cancellationToken).ConfigureAwait(false);
            await WriteScoresAsync(connection, transaction, scores, received, earlier, cancellationToken).ConfigureAwait(false);
            var added = 0;
            if (bumps.Count > 0)
            {
                // All of the batch's bumps in one statement, each column an array (one plan, where a statement per bump
                // was parsed and planned 4,220 times in a scoring of the anchor).
                var n = bumps.Count;
                var columns = new Array[]
                {
                    new string[n], new string[n], new string?[n], new string[n], new string[n], new string[n], new string[n], new string[n],
                    new string[n], new string[n], new string[n], new string[n], new DateTime[n],
                };
                for (var r = 0; r < n; r++)
                {
                    var values = BumpSql.Values(bumps[r]);
                    for (var c = 0; c < values.Length; c++)
                    {
                        columns[c].SetValue(values[c] is DBNull ? null : values[c], r);
                    }

                    columns[^1].SetValue(bumps[r].CreatedAt.UtcDateTime, r);
                }

                await using var insert = new NpgsqlCommand(InsertBumps, connection, transaction);
                for (var c = 0; c < columns.Length; c++)
                {
                    insert.Parameters.Add(c is 8 or 9
                        ? new NpgsqlParameter { Value = columns[c], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb }
                        : new NpgsqlParameter { Value = columns[c] });
                }

                added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return added;
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<PriorityBump>> ClaimDueAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE priority_bumps SET claimed_until = $1
            WHERE id IN (SELECT id FROM priority_bumps
                         WHERE status = 'pending' AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2)
                         ORDER BY next_attempt_at, id LIMIT $3
                         FOR UPDATE SKIP LOCKED)
            RETURNING {BumpSql.Columns}
            """);
        command.Parameters.AddWithValue((now + lease).UtcDateTime);
        command.Parameters.AddWithValue(now.UtcDateTime);
        command.Parameters.AddWithValue(limit);
        return (await ReadBumpsAsync(command, cancellationToken).ConfigureAwait(false)).OrderBy(b => b.NextAttemptAt).ThenBy(b => b.Id).ToList();
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> bumpIds, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        if (bumpIds.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("UPDATE priority_bumps SET claimed_until = NULL, next_attempt_at = GREATEST(next_attempt_at, $1) WHERE id = ANY($2) AND status = 'pending'");
        command.Parameters.AddWithValue(nextAttemptAt.UtcDateTime);
        command.Parameters.AddWithValue(bumpIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAttemptAsync(BumpAttempt attempt, BumpStatus status, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand($"INSERT INTO bump_attempts ({BumpSql.AttemptColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", connection, transaction))
        {
            object?[] values =
            [
                attempt.BumpId, attempt.Attempt, attempt.At.UtcDateTime, attempt.Sink, attempt.Outcome, (object?)attempt.ResponseStatus ?? DBNull.Value,
                (object?)attempt.Error ?? DBNull.Value, (object?)attempt.OldPriority ?? DBNull.Value, (object?)attempt.NewPriority ?? DBNull.Value, attempt.DurationMs,
            ];
            foreach (var value in values)
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE priority_bumps SET status = $1, attempts = $2, next_attempt_at = $3, claimed_until = NULL, last_error = $4, last_status = $5,
                sink = $6, old_priority = COALESCE($7, old_priority), new_priority = COALESCE($8, new_priority),
                sent_at = CASE WHEN $1 = 'sent' THEN $9 ELSE sent_at END
            WHERE id = $10
            """, connection, transaction))
        {
            object?[] values =
            [
                status.ToName(), attempt.Attempt, nextAttemptAt.UtcDateTime, (object?)attempt.Error ?? DBNull.Value, (object?)attempt.ResponseStatus ?? DBNull.Value,
                attempt.Sink, (object?)attempt.OldPriority ?? DBNull.Value, (object?)attempt.NewPriority ?? DBNull.Value, attempt.At.UtcDateTime, attempt.BumpId,
            ];
            foreach (var (value, index) in values.Select((v, i) => (v, i)))
            {
                update.Parameters.Add(index is 3 or 6 or 7 ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text }
                    : index == 4 ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Integer }
                    : new NpgsqlParameter { Value = value });
            }

            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) FROM priority_bumps WHERE status = 'pending'");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime time ? Utc(time) : null;
    }

    public async Task<IReadOnlyList<PriorityBump>> ListBumpsAsync(BumpStatus? status, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {BumpSql.Columns} FROM priority_bumps WHERE $1::text IS NULL OR status = $1 ORDER BY id DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status?.ToName() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadBumpsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BumpAttempt>> ListAttemptsAsync(long bumpId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {BumpSql.AttemptColumns} FROM bump_attempts WHERE bump_id = $1 ORDER BY attempt, id");
        command.Parameters.AddWithValue(bumpId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var attempts = new List<BumpAttempt>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts.Add(BumpSql.ReadAttempt(reader, i => Utc(reader.GetFieldValue<DateTime>(i))));
        }

        return attempts;
    }

    private static async Task<IReadOnlyList<PriorityBump>> ReadBumpsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bumps = new List<PriorityBump>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bumps.Add(BumpSql.Read(reader, i => Utc(reader.GetFieldValue<DateTime>(i))));
        }

        return bumps;
    }
}
