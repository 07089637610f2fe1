using Pipeline.Core.Storage;
using Pipeline.Storage.Postgres;
using Pipeline.Storage.Sqlite;

namespace Pipeline.Storage;

/// <summary>Opens the store a connection setting names and brings its schema up to date.</summary>
public static class StoreFactory
{
    public static async Task<IInteractionStore> OpenAsync(string connection, CancellationToken cancellationToken)
    {
        var store = Create(StoreConnectionString.Parse(connection));

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

    /// <summary>
    /// Opens the store as it is, without migrating it: for <see cref="IStoreHealth"/>, which reads how its schema stands.
    /// A SQLite store that does not exist is not made.
    /// </summary>
    /// <exception cref="FileNotFoundException">The SQLite store's file does not exist.</exception>
    public static IInteractionStore OpenAsIs(string connection)
    {
        var parsed = StoreConnectionString.Parse(connection);
        return parsed.Engine == StoreEngine.Sqlite && !File.Exists(parsed.Value)
            ? throw new FileNotFoundException($"the store's file {Path.GetFullPath(parsed.Value)} does not exist (no pipeline run has made it)", parsed.Value)
            : Create(parsed);
    }

    private static IInteractionStore Create(StoreConnectionString parsed) => parsed.Engine switch
    {
        StoreEngine.Sqlite => new SqliteInteractionStore(parsed.Value),
        StoreEngine.Postgres => new PostgresInteractionStore(parsed.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(parsed)),
    };
}
