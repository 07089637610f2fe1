namespace Pipeline.Core.Feedback;

/// <summary>
/// The store's outbox of priority bumps (written with the scores, see <see cref="Storage.IScoringBatch"/>) and their
/// audit trail. Implemented by both stores beside <see cref="Storage.IInteractionStore"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once: a bump is claimed for a lease; a dispatcher that dies before it records the outcome
/// leaves the claim to expire, and the bump is sent again with the same idempotency key.
/// </remarks>
public interface IBumpStore
{
    /// <summary>Claims up to <paramref name="limit"/> pending bumps that are due and not claimed by another dispatcher, until now + <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<PriorityBump>> ClaimDueAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records an attempt in the audit trail and moves the bump on (sent, retry at a time, or dead), in one transaction; releases the claim.</summary>
    Task RecordAttemptAsync(BumpAttempt attempt, BumpStatus status, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>
    /// Hands claimed bumps back without an attempt (none was sent): due again at <paramref name="nextAttemptAt"/> (or when
    /// they were due, if later), claimable by any dispatcher from then on.
    /// </summary>
    Task ReleaseAsync(IReadOnlyCollection<long> bumpIds, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>When the earliest pending bump is due, or <c>null</c> when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>Every bump (or those with the status), newest first.</summary>
    Task<IReadOnlyList<PriorityBump>> ListBumpsAsync(BumpStatus? status, CancellationToken cancellationToken);

    Task<IReadOnlyList<BumpAttempt>> ListAttemptsAsync(long bumpId, CancellationToken cancellationToken);
}
