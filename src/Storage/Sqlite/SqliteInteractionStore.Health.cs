using Microsoft.Data.Sqlite;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Sqlite;

/// <summary>The SQLite store's worker heartbeats and the reading of <c>health</c> (on a read-only connection).</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task BeatAsync(WorkerBeat beat, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, HealthSql.Beat);
        command.Parameters.AddWithValue("$1", beat.Worker);
        command.Parameters.AddWithValue("$2", Utc(beat.StartedAt));
        command.Parameters.AddWithValue("$3", Utc(beat.SeenAt));
        command.Parameters.AddWithValue("$4", beat.State.ToName());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var forget = Command(connection, null, HealthSql.ForgetOld);
        forget.Parameters.AddWithValue("$1", Utc(beat.SeenAt.AddDays(-7)));
        await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoreHealthReading> ReadHealthAsync(CancellationToken cancellationToken)
    {
        // Read-only and unpooled: the probe neither makes a missing store nor keeps the file open after it.
        var readOnly = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(readOnly);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        List<MigrationCheck.Applied> applied = [];
        if (await CountAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken).ConfigureAwait(false) > 0)
        {
            var checksum = await CountAsync(connection, "SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'", cancellationToken).ConfigureAwait(false) > 0
                ? "checksum"
                : "NULL";
            await using var query = Command(connection, null, $"SELECT version, name, {checksum} FROM schema_migrations");
            applied = await MigrationCheck.ReadAppliedAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var migrations = MigrationCheck.State(MigrationScripts.For("Sqlite"), applied, Description);
        if (!migrations.IsCurrent)
        {
            return new StoreHealthReading(migrations, null, null, null, null);
        }

        return await HealthSql.ReadAsync(connection, null, migrations, "s.interaction_id = i.id", static (reader, i) => ParseUtc(reader.GetString(i)), cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
