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

    /// <summary>Writes the scores and the priority bumps they caused in one transaction (a bump already in the outbox for the same key is kept once).</summary>
    /// <returns>How many bumps were new.</returns>
    Task<int> CommitAsync(IReadOnlyList<InteractionScore> scores, IReadOnlyList<BumpRequest> bumps, CancellationToken cancellationToken);
}
