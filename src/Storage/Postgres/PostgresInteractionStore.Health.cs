using Npgsql;
using Pipeline.Core.Storage;

namespace Pipeline.Storage.Postgres;

/// <summary>The PostgreSQL store's worker heartbeats and the reading of <c>health</c> (in a read-only transaction).</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task BeatAsync(WorkerBeat beat, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        var upsert = new NpgsqlBatchCommand(HealthSql.Beat);
        upsert.Parameters.AddWithValue(beat.Worker);
        upsert.Parameters.AddWithValue(beat.StartedAt.UtcDateTime);
        upsert.Parameters.AddWithValue(beat.SeenAt.UtcDateTime);
        upsert.Parameters.AddWithValue(beat.State.ToName());
        var forget = new NpgsqlBatchCommand(HealthSql.ForgetOld);
        forget.Parameters.AddWithValue(beat.SeenAt.AddDays(-7).UtcDateTime);
        batch.BatchCommands.Add(upsert);
        batch.BatchCommands.Add(forget);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoreHealthReading> ReadHealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        List<MigrationCheck.Applied> applied = [];
        await using (var exists = new NpgsqlCommand("""
            SELECT to_regclass('schema_migrations') IS NOT NULL,
                   EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'schema_migrations' AND column_name = 'checksum' AND table_schema = current_schema())
            """, connection, transaction))
        await using (var reader = await exists.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var (hasTable, hasChecksum) = (reader.GetBoolean(0), reader.GetBoolean(1));
            await reader.CloseAsync().ConfigureAwait(false);
            if (hasTable)
            {
                await using var query = new NpgsqlCommand($"SELECT version, name, {(hasChecksum ? "checksum" : "NULL::text")} FROM schema_migrations", connection, transaction);
                applied = await MigrationCheck.ReadAppliedAsync(query, cancellationToken).ConfigureAwait(false);
            }
        }

        var migrations = MigrationCheck.State(MigrationScripts.For("Postgres"), applied, Description);
        if (!migrations.IsCurrent)
        {
            return new StoreHealthReading(migrations, null, null, null, null);
        }

        return await HealthSql.ReadAsync(connection, transaction, migrations, "s.interaction_id = i.id AND s.received_at = i.received_at",
            static (reader, i) => Utc(reader.GetFieldValue<DateTime>(i)), cancellationToken).ConfigureAwait(false);
    }
}
