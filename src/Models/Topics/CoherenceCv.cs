namespace Pipeline.Models.Topics;

/// <summary>The C_v coherence of one topic's top terms, and the mean over the topics.</summary>
public sealed record CoherenceResult(IReadOnlyList<double> PerTopic, double Mean);

/// <summary>
/// The C_v topic coherence (Röder, Both and Hinneburg 2015) exactly as gensim's <c>CoherenceModel(coherence="c_v")</c>
/// computes it: word and pair probabilities from boolean sliding windows of 110 words over the reference texts
/// (a text shorter than the window is one window); the normalised PMI of every pair of top terms (ε = 1e-12);
/// each term's NPMI vector against the topic's terms compared by cosine with the sum of all the terms' vectors
/// (one-set segmentation); the mean of those cosines per topic and over topics.
/// </summary>
public static class CoherenceCv
{
    public const int DefaultWindow = 110;
    private const double Epsilon = 1e-12;

    public static CoherenceResult Score(IReadOnlyList<IReadOnlyList<string>> topics, IEnumerable<IReadOnlyList<string>> texts, int window = DefaultWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in topics.SelectMany(t => t))
        {
            ids.TryAdd(term, ids.Count);
        }

        var counts = new WindowCounts(ids.Count);
        foreach (var text in texts)
        {
            counts.Add(text.Select(w => ids.TryGetValue(w, out var id) ? id : -1).ToArray(), window);
        }

        var perTopic = topics.Select(topic => TopicCoherence(topic.Select(t => ids[t]).ToArray(), counts)).ToArray();
        return new CoherenceResult(perTopic, perTopic.Length == 0 ? double.NaN : perTopic.Average());
    }

    private static double TopicCoherence(int[] terms, WindowCounts counts)
    {
        if (terms.Length == 0)
        {
            return double.NaN;
        }

        // npmi[i, j] between the topic's terms i and j; the whole set's vector is the sum of the rows.
        var n = terms.Length;
        var npmi = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                npmi[i, j] = counts.Npmi(terms[i], terms[j]);
            }
        }

        var set = new double[n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                set[j] += npmi[i, j];
            }
        }

        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            double dot = 0, a = 0, b = 0;
            for (var j = 0; j < n; j++)
            {
                dot += npmi[i, j] * set[j];
                a += npmi[i, j] * npmi[i, j];
                b += set[j] * set[j];
            }

            sum += dot / (Math.Sqrt(a) * Math.Sqrt(b));
        }

        return sum / n;
    }

    /// <summary>
    /// How many windows hold each term, and each pair of terms. The window slides as gensim's
    /// <c>WordOccurrenceAccumulator</c> slides it: a term is marked present when it enters at the right edge and
    /// unmarked when one of its occurrences leaves at the left, even if another occurrence is still inside.
    /// That is gensim's behaviour, and the coherence figures the quality bar quotes come from gensim.
    /// </summary>
    private sealed class WindowCounts(int terms)
    {
        private readonly long[] _single = new long[terms];
        private readonly long[,] _pair = new long[terms, terms];
        private readonly bool[] _present = new bool[terms];
        private readonly List<int> _marked = new(terms);
        private long _windows;

        public void Add(int[] text, int window)
        {
            if (text.Length == 0)
            {
                return;
            }

            Array.Clear(_present);
            var first = Math.Min(window, text.Length);
            for (var i = 0; i < first; i++)
            {
                Mark(text[i], true);
            }

            Count();
            for (var end = window; end < text.Length; end++)
            {
                Mark(text[end - window], false);
                Mark(text[end], true);
                Count();
            }
        }

        public double Npmi(int a, int b)
        {
            if (_single[a] == 0 || _single[b] == 0)
            {
                return 0; // a term the reference texts never use has no co-occurrence evidence either way
            }

            var n = (double)_windows;
            var joint = (a == b ? _single[a] : _pair[a, b]) / n;
            var ratio = Math.Log((joint + Epsilon) / (_single[a] / n * (_single[b] / n)));
            return ratio / -Math.Log(joint + Epsilon);
        }

        private void Mark(int id, bool present)
        {
            if (id >= 0)
            {
                _present[id] = present;
            }
        }

        private void Count()
        {
            _windows++;
            _marked.Clear();
            for (var id = 0; id < _present.Length; id++)
            {
                if (_present[id])
                {
                    _marked.Add(id);
                    _single[id]++;
                }
            }

            for (var i = 0; i < _marked.Count; i++)
            {
                for (var j = i + 1; j < _marked.Count; j++)
                {
                    _pair[_marked[i], _marked[j]]++;
                    _pair[_marked[j], _marked[i]]++;
                }
            }
        }
    }
}
