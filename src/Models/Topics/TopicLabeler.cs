namespace Pipeline.Models.Topics;

/// <summary>
/// A readable label from a topic's most distinctive terms: the two phrases most typical of the documents the
/// topic dominates ("identity theft", "credit report"), topped up with its top terms when there are too few:
/// "identity theft, credit report". A phrase is two words written one after the other (no stop word between),
/// at least one of them among the topic's top terms, seen at least three times in the topic's documents; it is
/// ranked by how often it occurs there times the share of all its occurrences that are there. Analysts can
/// override any label (<see cref="TopicOptions.LabelsFile"/>).
/// </summary>
public sealed class TopicLabeler
{
    private const int CandidateTerms = 20;
    private const int MinPhraseCount = 3;
    private const int Parts = 2;

    private readonly Dictionary<(string, string), int> _overall;

    public TopicLabeler(IEnumerable<CorpusDocument> corpus)
    {
        _overall = CountPhrases(corpus, _ => true);
    }

    /// <param name="rankedTerms">The topic's terms, most relevant first.</param>
    /// <param name="documents">The documents the topic dominates.</param>
    public string Label(IReadOnlyList<string> rankedTerms, IReadOnlyList<CorpusDocument> documents)
    {
        var candidates = rankedTerms.Take(CandidateTerms).ToHashSet(StringComparer.Ordinal);
        var phrases = CountPhrases(documents, p => candidates.Contains(p.Item1) || candidates.Contains(p.Item2));

        var parts = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((first, second), _) in phrases
            .Where(p => p.Value >= MinPhraseCount)
            .Select(p => (p.Key, Score: p.Value * (double)p.Value / _overall.GetValueOrDefault(p.Key, p.Value)))
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Item2, StringComparer.Ordinal))
        {
            if (parts.Count == Parts)
            {
                break;
            }

            if (!used.Contains(first) && !used.Contains(second))
            {
                parts.Add(first + " " + second);
                used.Add(first);
                used.Add(second);
            }
        }

        var target = parts.Count == 0 ? Parts + 1 : Parts;
        foreach (var term in rankedTerms)
        {
            if (parts.Count >= target)
            {
                break;
            }

            if (used.Add(term))
            {
                parts.Add(term);
            }
        }

        return string.Join(", ", parts);
    }

    private static Dictionary<(string, string), int> CountPhrases(IEnumerable<CorpusDocument> documents, Func<(string, string), bool> keep)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var document in documents)
        {
            var words = document.Words;
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (document.FollowedDirectly[i] && !string.Equals(words[i], words[i + 1], StringComparison.Ordinal) && keep((words[i], words[i + 1])))
                {
                    var key = (words[i], words[i + 1]);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return counts;
    }
}
