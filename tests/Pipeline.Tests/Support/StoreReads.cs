using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Tests.Support;

/// <summary>
/// What the tests need from a store beyond what the stages use, built only from the stages' own members: scores
/// stored through a claimed batch (as the score stage stores them), a customer's contacts counted from the contact
/// times, the unscored interactions from a claim given back.
/// </summary>
public static class StoreReads
{
    /// <summary>Stores the scores as the score stage does: each version's interactions claimed, their scores committed.</summary>
    public static async Task WriteScoresAsync(this IScoringQueue store, IReadOnlyList<InteractionScore> scores)
    {
        foreach (var version in scores.GroupBy(s => s.VersionKey))
        {
            await using var batch = await store.ClaimUnscoredAsync(version.Key, 100_000, null, CancellationToken.None);
            var claimed = batch.Interactions.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var mine = version.ToList();
            Assert.That(mine.Select(s => s.InteractionId), Is.SubsetOf(claimed), "scores are written for interactions that lack them");
            await batch.CommitAsync(mine, [], CancellationToken.None);
        }
    }

    /// <summary>How many interactions the customer had in [<paramref name="from"/>, <paramref name="to"/>), from the contact times the score stage reads.</summary>
    public static async Task<int> CountContactsAsync(this IScoringQueue store, string customerKey, DateTimeOffset from, DateTimeOffset to)
    {
        var times = await store.ContactTimesAsync([customerKey], from, to, CancellationToken.None);
        return times.TryGetValue(customerKey, out var list) ? list.Count(t => t >= from && t < to) : 0;
    }

    /// <summary>Up to <paramref name="limit"/> interactions without a score of the version, in id order: a claim given back.</summary>
    public static async Task<IReadOnlyList<Pipeline.Core.Interaction>> ReadUnscoredAsync(this IScoringQueue store, string versionKey, int limit)
    {
        await using var batch = await store.ClaimUnscoredAsync(versionKey, limit, null, CancellationToken.None);
        return batch.Interactions;
    }
}
