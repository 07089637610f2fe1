using Microsoft.Data.Sqlite;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Sqlite;

/// <summary>The SQLite store's scoring batches and its outbox of priority bumps.</summary>
public sealed partial class SqliteInteractionStore : IBumpStore
{
    /// <summary>Nothing to make: the scores table takes any interaction's score.</summary>
    public Task PrepareScoringAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecordScoredAsync(string versionKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IScoringBatch> ClaimUnscoredAsync(string versionKey, int limit, string? after, CancellationToken cancellationToken) =>
        new ScoringBatch(this, await ReadUnscoredAsync(versionKey, limit, after, cancellationToken).ConfigureAwait(false));

    /// <summary>SQLite has one writer at a time: the batch is read plainly and written in one transaction at commit.</summary>
    private sealed class ScoringBatch(SqliteInteractionStore store, IReadOnlyList<Interaction> interactions) : IScoringBatch
    {
        public IReadOnlyList<Interaction> Interactions => interactions;

        /// <summary>The batch's last id: this store claims in id order.</summary>
        public string? Cursor => interactions.Count > 0 ? interactions[^1].Id : null;

        public Task<int> CommitAsync(IReadOnlyList<InteractionScore> scores, IReadOnlyList<BumpRequest> bumps, CancellationToken cancellationToken) =>
            store.WriteScoresAndBumpsAsync(scores, bumps, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task<int> WriteScoresAndBumpsAsync(IReadOnlyList<InteractionScore> scores, IReadOnlyList<BumpRequest> bumps, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        WriteScores(connection, transaction, scores, cancellationToken);
        var added = 0;
        if (bumps.Count > 0)
        {
            await using var insert = Command(connection, transaction, BumpSql.Insert);
            var parameters = Enumerable.Range(1, 13).Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + n })).ToArray();
            foreach (var bump in bumps)
            {
                var values = BumpSql.Values(bump);
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }

                parameters[12].Value = Utc(bump.CreatedAt);
                added += insert.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task<IReadOnlyList<PriorityBump>> ClaimDueAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        // One UPDATE … RETURNING is atomic in SQLite: two dispatchers never claim the same bump.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            UPDATE priority_bumps SET claimed_until = $until
            WHERE id IN (SELECT id FROM priority_bumps
                         WHERE status = 'pending' AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                         ORDER BY next_attempt_at, id LIMIT $n)
            RETURNING {BumpSql.Columns}
            """);
        command.Parameters.AddWithValue("$until", Utc(now + lease));
        command.Parameters.AddWithValue("$now", Utc(now));
        command.Parameters.AddWithValue("$n", limit);
        return (await ReadBumpsAsync(command, cancellationToken).ConfigureAwait(false)).OrderBy(b => b.NextAttemptAt).ThenBy(b => b.Id).ToList();
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> bumpIds, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        if (bumpIds.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "UPDATE priority_bumps SET claimed_until = NULL, next_attempt_at = max(next_attempt_at, $at) WHERE id IN (SELECT value FROM json_each($ids)) AND status = 'pending'");
        command.Parameters.AddWithValue("$at", Utc(nextAttemptAt));
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(bumpIds));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAttemptAsync(BumpAttempt attempt, BumpStatus status, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = Command(connection, transaction, $"INSERT INTO bump_attempts ({BumpSql.AttemptColumns}) VALUES ($b, $a, $at, $s, $o, $rs, $e, $old, $new, $d)"))
        {
            insert.Parameters.AddWithValue("$b", attempt.BumpId);
            insert.Parameters.AddWithValue("$a", attempt.Attempt);
            insert.Parameters.AddWithValue("$at", Utc(attempt.At));
            insert.Parameters.AddWithValue("$s", attempt.Sink);
            insert.Parameters.AddWithValue("$o", attempt.Outcome);
            insert.Parameters.AddWithValue("$rs", (object?)attempt.ResponseStatus ?? DBNull.Value);
            insert.Parameters.AddWithValue("$e", (object?)attempt.Error ?? DBNull.Value);
            insert.Parameters.AddWithValue("$old", (object?)attempt.OldPriority ?? DBNull.Value);
            insert.Parameters.AddWithValue("$new", (object?)attempt.NewPriority ?? DBNull.Value);
            insert.Parameters.AddWithValue("$d", attempt.DurationMs);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var update = Command(connection, transaction, """
            UPDATE priority_bumps SET status = $st, attempts = $a, next_attempt_at = $next, claimed_until = NULL, last_error = $e, last_status = $rs,
                sink = $s, old_priority = COALESCE($old, old_priority), new_priority = COALESCE($new, new_priority),
                sent_at = CASE WHEN $st = 'sent' THEN $at ELSE sent_at END
            WHERE id = $b
            """))
        {
            update.Parameters.AddWithValue("$st", status.ToName());
            update.Parameters.AddWithValue("$a", attempt.Attempt);
            update.Parameters.AddWithValue("$next", Utc(nextAttemptAt));
            update.Parameters.AddWithValue("$e", (object?)attempt.Error ?? DBNull.Value);
            update.Parameters.AddWithValue("$rs", (object?)attempt.ResponseStatus ?? DBNull.Value);
            update.Parameters.AddWithValue("$s", attempt.Sink);
            update.Parameters.AddWithValue("$old", (object?)attempt.OldPriority ?? DBNull.Value);
            update.Parameters.AddWithValue("$new", (object?)attempt.NewPriority ?? DBNull.Value);
            update.Parameters.AddWithValue("$at", Utc(attempt.At));
            update.Parameters.AddWithValue("$b", attempt.BumpId);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT min(max(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) FROM priority_bumps WHERE status = 'pending'");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? ParseUtc(text) : null;
    }

    public async Task<IReadOnlyList<PriorityBump>> ListBumpsAsync(BumpStatus? status, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {BumpSql.Columns} FROM priority_bumps WHERE $st IS NULL OR status = $st ORDER BY id DESC");
        command.Parameters.AddWithValue("$st", (object?)status?.ToName() ?? DBNull.Value);
        return await ReadBumpsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BumpAttempt>> ListAttemptsAsync(long bumpId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {BumpSql.AttemptColumns} FROM bump_attempts WHERE bump_id = $b ORDER BY attempt, id");
        command.Parameters.AddWithValue("$b", bumpId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var attempts = new List<BumpAttempt>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts.Add(BumpSql.ReadAttempt(reader, i => ParseUtc(reader.GetString(i))));
        }

        return attempts;
    }

    private static async Task<IReadOnlyList<PriorityBump>> ReadBumpsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bumps = new List<PriorityBump>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bumps.Add(BumpSql.Read(reader, i => ParseUtc(reader.GetString(i))));
        }

        return bumps;
    }
}
