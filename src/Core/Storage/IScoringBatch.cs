using Pipeline.Core.Feedback;
using Pipeline.Core.Scoring;

namespace Pipeline.Core.Storage;

/// <summary>
/// A batch of interactions claimed for scoring. On PostgreSQL the rows stay locked (<c>FOR UPDATE SKIP LOCKED</c>)
/// until the batch is committed or disposed, so several workers score disjoint batches; on SQLite (one process)
/// the batch is read plainly. Disposing without committing gives the batch back.
/// </summary>
public interface IScoringBatch : IAsyncDisposable
{
    IReadOnlyList<Interaction> Interactions { get; }

    /// <summary>
    /// Where this run's next claim starts (<see cref="IScoringQueue.ClaimUnscoredAsync"/>'s <c>after</c>): past this batch, in
    /// the store's own claim order (SQLite: id; PostgreSQL: received time, then id, month partition by month). Opaque to
    /// the caller; <c>null</c> when nothing was claimed.
    /// </summary>
    string? Cursor { get; }

    /// <summary>Writes the scores and the priority bumps they caused in one transaction (a bump already in the outbox for the same key is kept once).</summary>
    /// <returns>How many bumps were new.</returns>
    Task<int> CommitAsync(IReadOnlyList<InteractionScore> scores, IReadOnlyList<BumpRequest> bumps, CancellationToken cancellationToken);
}
