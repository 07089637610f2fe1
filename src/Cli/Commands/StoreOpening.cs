using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The store opened in the background while a verb gets on with what needs no store yet: ingest reads its first batch
/// meanwhile. Opening PostgreSQL (connecting, compiling Npgsql's code, migrating a new database) takes a tenth to a
/// third of a second that no longer comes first (BENCHMARKS.md, "the ninth round"; `score` gained nothing from it: its
/// models load on both cores already).
/// </summary>
public static class StoreOpening
{
    /// <summary>Starts opening the configured store (<see cref="CliEnvironment.OpenStoreAsync"/>); its failure is thrown to whatever awaits it.</summary>
    public static Task<IInteractionStore> Start(CliEnvironment environment, CancellationToken cancellationToken) =>
        Task.Run(() => environment.OpenStoreAsync(cancellationToken), CancellationToken.None);

    /// <summary>
    /// Closes the store once it is open. One that failed to open has nothing to close: its failure reached what needed
    /// the store, or an earlier failure (a configuration error) is the one reported.
    /// </summary>
    public static async Task CloseAsync(Task<IInteractionStore> opening)
    {
        try
        {
            await opening.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return;
        }

        await opening.Result.DisposeAsync().ConfigureAwait(false);
    }
}
