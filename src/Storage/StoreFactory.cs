using Pipeline.Core.Storage;
using Pipeline.Storage.Postgres;
using Pipeline.Storage.Sqlite;

namespace Pipeline.Storage;

/// <summary>Opens the store a connection setting names and brings its schema up to date.</summary>
public static class StoreFactory
{
    public static async Task<IInteractionStore> OpenAsync(string connection, CancellationToken cancellationToken)
    {
        var parsed = StoreConnectionString.Parse(connection);
        IInteractionStore store = parsed.Engine switch
        {
            StoreEngine.Sqlite => new SqliteInteractionStore(parsed.Value),
            StoreEngine.Postgres => new PostgresInteractionStore(parsed.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(connection)),
        };

        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
