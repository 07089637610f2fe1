namespace Pipeline.Core.Storage;

/// <summary>
/// What the <c>health</c> verb reads of a store: a look that changes nothing (no migration is applied, nothing is
/// written), so that a probe can run beside the worker as often as it likes.
/// </summary>
public interface IStoreHealth : IStoreDescription
{
    Task<StoreHealthReading> ReadHealthAsync(CancellationToken cancellationToken);
}

/// <param name="Migrations">How the store's schema stands against this build's migrations.</param>
/// <param name="Unscored">Interactions without a score; their age is when the run that stored the oldest of them started.</param>
/// <param name="PendingBumps">Bumps waiting for delivery (or a retry); their age is when the oldest was made.</param>
/// <param name="DeadBumps">Bumps given up on.</param>
/// <param name="Workers">Every worker's last beat, latest first.</param>
/// <remarks>Only <see cref="Migrations"/> is read from a store whose schema is not current; the rest is then <c>null</c>.</remarks>
public sealed record StoreHealthReading(MigrationState Migrations, Backlog? Unscored, Backlog? PendingBumps, long? DeadBumps, IReadOnlyList<WorkerBeat>? Workers);

/// <param name="Pending">The names of this build's migrations the store has not had (all of them for a store never opened).</param>
/// <param name="Mismatch">An applied migration that was edited since, or that this build does not have; <c>null</c> when none.</param>
public sealed record MigrationState(IReadOnlyList<string> Pending, string? Mismatch)
{
    public bool IsCurrent => Pending.Count == 0 && Mismatch is null;
}

/// <summary>How many items wait, and since when the oldest has (<c>null</c> when none waits).</summary>
public sealed record Backlog(long Count, DateTimeOffset? OldestSince);
