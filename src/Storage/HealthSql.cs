using System.Data.Common;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;

namespace Pipeline.Storage;

/// <summary>
/// The SQL of the worker's heartbeat and of <c>health</c>'s reading, shared word for word by both stores (positional
/// parameters), and the mapping of its rows; each store passes its own time format.
/// </summary>
internal static class HealthSql
{
    /// <summary>$1 worker, $2 started at, $3 seen at, $4 state.</summary>
    public const string Beat = """
        INSERT INTO worker_heartbeats (worker, started_at, seen_at, state) VALUES ($1, $2, $3, $4)
        ON CONFLICT (worker) DO UPDATE SET seen_at = excluded.seen_at, state = excluded.state
        """;

    /// <summary>Beats of workers gone for a week (each restart is a new "host/pid"): $1 the cut-off.</summary>
    public const string ForgetOld = "DELETE FROM worker_heartbeats WHERE seen_at < $1";

    private const string Workers = "SELECT worker, started_at, seen_at, state FROM worker_heartbeats ORDER BY seen_at DESC";

    private static readonly string Bumps = $"""
        SELECT count(*) FILTER (WHERE status = '{BumpStatus.Pending.ToName()}'),
               min(created_at) FILTER (WHERE status = '{BumpStatus.Pending.ToName()}'),
               count(*) FILTER (WHERE status = '{BumpStatus.Dead.ToName()}')
        FROM priority_bumps
        """;

    /// <summary>
    /// The unscored interactions and the start of the run that stored the oldest of them (runs are numbered in the order
    /// they start). <paramref name="sameScore"/> is the condition tying a score to its interaction <c>i</c> (on
    /// PostgreSQL it holds the partition key).
    /// </summary>
    private static string Unscored(string sameScore) => $"""
        WITH u AS (SELECT count(*) AS n, min(i.run_id) AS run FROM interactions i WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE {sameScore}))
        SELECT u.n, r.started_at FROM u LEFT JOIN ingest_runs r ON r.id = u.run
        """;

    /// <summary>
    /// The reading past the migrations, on a connection the store opened for it: the unscored interactions (tied to their
    /// score by <paramref name="sameScore"/>), the outbox and the workers' beats. <paramref name="time"/> reads a time column.
    /// </summary>
    public static async Task<StoreHealthReading> ReadAsync(
        DbConnection connection, DbTransaction? transaction, MigrationState migrations, string sameScore, Func<DbDataReader, int, DateTimeOffset> time, CancellationToken cancellationToken)
    {
        Backlog unscored = new(0, null), bumps = new(0, null);
        long dead = 0;
        var workers = new List<WorkerBeat>();
        await QueryAsync(Unscored(sameScore), async reader =>
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            unscored = Backlog(reader, 0, 1);
        }).ConfigureAwait(false);
        await QueryAsync(Bumps, async reader =>
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            bumps = Backlog(reader, 0, 1);
            dead = reader.GetInt64(2);
        }).ConfigureAwait(false);
        await QueryAsync(Workers, async reader =>
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                workers.Add(new WorkerBeat(reader.GetString(0), time(reader, 1), time(reader, 2), WorkerStateNames.Parse(reader.GetString(3))));
            }
        }).ConfigureAwait(false);

        return new StoreHealthReading(migrations, unscored, bumps, dead, workers);

        async Task QueryAsync(string sql, Func<DbDataReader, Task> read)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            // The unscored count passes every interaction once (a hash anti-join): seconds at ten million, more than the
            // drivers' default 30 s allow on a cold cache.
            command.CommandTimeout = 300;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await read(reader).ConfigureAwait(false);
        }

        Backlog Backlog(DbDataReader reader, int count, int since) => new(reader.GetInt64(count), reader.IsDBNull(since) ? null : time(reader, since));
    }
}
