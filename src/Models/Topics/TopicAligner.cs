namespace Pipeline.Models.Topics;

/// <summary>A refitted topic's stable id, and whether it is new (matched no topic of the previous model).</summary>
public sealed record AlignedId(int Id, bool New, double Similarity);

/// <summary>
/// Keeps topic ids stable across refits: each new topic takes the id of the previous model's topic whose
/// term distribution is most similar (cosine over their most probable terms), best pairs first, each old id
/// used once and only above <see cref="TopicOptions.AlignmentThreshold"/>. Unmatched topics get fresh ids
/// (never one used before); unmatched old ids are retired.
/// </summary>
public static class TopicAligner
{
    public static (IReadOnlyList<AlignedId> Ids, IReadOnlyList<int> Retired, int NextId) Align(
        IReadOnlyList<IReadOnlyList<TopicTerm>> topics,
        IReadOnlyList<StoredTopic> previous,
        int nextId,
        double threshold)
    {
        var pairs = new List<(int New, int Old, double Similarity)>();
        for (var n = 0; n < topics.Count; n++)
        {
            for (var o = 0; o < previous.Count; o++)
            {
                pairs.Add((n, o, Cosine(topics[n], previous[o].Distribution)));
            }
        }

        var ids = new AlignedId?[topics.Count];
        var taken = new bool[previous.Count];
        foreach (var (n, o, similarity) in pairs.OrderByDescending(p => p.Similarity).ThenBy(p => p.New).ThenBy(p => p.Old))
        {
            if (similarity < threshold)
            {
                break;
            }

            if (ids[n] is null && !taken[o])
            {
                ids[n] = new AlignedId(previous[o].Id, false, similarity);
                taken[o] = true;
            }
        }

        var next = Math.Max(nextId, previous.Count == 0 ? 1 : previous.Max(p => p.Id) + 1);
        for (var n = 0; n < topics.Count; n++)
        {
            ids[n] ??= new AlignedId(next++, previous.Count > 0, 0);
        }

        var retired = previous.Where((_, o) => !taken[o]).Select(p => p.Id).ToList();
        return (ids.Select(i => i!).ToList(), retired, next);
    }

    public static double Cosine(IReadOnlyList<TopicTerm> a, IReadOnlyList<TopicTerm> b)
    {
        var weights = a.ToDictionary(t => t.Term, t => t.Weight, StringComparer.Ordinal);
        double dot = 0, normA = a.Sum(t => t.Weight * t.Weight), normB = b.Sum(t => t.Weight * t.Weight);
        foreach (var term in b)
        {
            if (weights.TryGetValue(term.Term, out var weight))
            {
                dot += weight * term.Weight;
            }
        }

        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
