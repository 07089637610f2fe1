using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Pipeline.Models.Topics;

/// <summary>The input row of the topic transformer: a document's words that are in the vocabulary.</summary>
internal sealed class TermsRow
{
    [VectorType]
    public string[] Terms { get; set; } = [];
}

internal sealed class TopicsRow
{
    [VectorType]
    public float[] Topics { get; set; } = [];
}

/// <summary>
/// One LDA fit: words → keys with vocabulary names (<c>MapValueToKey</c>) → term counts (<c>ProduceNgrams</c>, so
/// <c>GetLdaDetails</c> can name the words) → ML.NET's LightLDA with <c>resetRandomGenerator</c>, one thread, free to run on any core (<see cref="SamplerAffinity"/>).
/// Restart r fits the same documents in another seeded order (LightLDA takes no seed), which is what makes
/// restarts differ. Its topics are the LDA's own indexes; <see cref="TopicTrainer"/> gives them stable ids.
/// </summary>
internal sealed class LdaFit
{
    private LdaFit(int topicCount, int restart, MLContext ml, ITransformer transformer, double[][] phi)
    {
        TopicCount = topicCount;
        Restart = restart;
        Ml = ml;
        Transformer = transformer;
        Phi = phi;
    }

    public int TopicCount { get; }

    public int Restart { get; }

    public MLContext Ml { get; }

    public ITransformer Transformer { get; }

    /// <summary>p(term | topic) over the vocabulary (indexed as the vocabulary list), per topic.</summary>
    public double[][] Phi { get; }

    public static EstimatorChain<LatentDirichletAllocationTransformer> Estimator(MLContext ml, int topics, TopicOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Keys", nameof(TermsRow.Terms))
            .Append(ml.Transforms.Text.ProduceNgrams("Counts", "Keys", ngramLength: 1, useAllLengths: false,
                weighting: NgramExtractingEstimator.WeightingCriteria.Tf))
            .Append(ml.Transforms.Text.LatentDirichletAllocation(nameof(TopicsRow.Topics), "Counts",
                numberOfTopics: topics,
                alphaSum: (float)options.AlphaSum,
                beta: (float)options.Beta,
                maximumNumberOfIterations: options.Iterations,
                numberOfThreads: 1,
                maximumTokenCountPerDocument: 4096,
                numberOfSummaryTermsPerTopic: 100_000,
                resetRandomGenerator: true));

    public static LdaFit Run(IReadOnlyList<TermsRow> rows, IReadOnlyDictionary<string, int> vocabulary, int topics, int restart, TopicOptions options)
    {
        var ordered = restart == 0 ? rows : Shuffle(rows, restart);
        var ml = new MLContext(seed: 1);
        TransformerChain<LatentDirichletAllocationTransformer> transformer;
        using (NativeStdout.Silence())
        using (SamplerAffinity.AllCores())
        {
            transformer = Estimator(ml, topics, options).Fit(ml.Data.LoadFromEnumerable(ordered));
        }

        var lda = transformer.LastTransformer;
        var details = lda.GetLdaDetails(0);
        var phi = new double[topics][];
        for (var t = 0; t < topics; t++)
        {
            phi[t] = new double[vocabulary.Count];
            var scores = details.WordScoresPerTopic[t];
            var sum = scores.Sum(s => (double)s.Score);
            foreach (var score in scores)
            {
                if (vocabulary.TryGetValue(score.Word, out var index) && sum > 0)
                {
                    phi[t][index] = score.Score / sum;
                }
            }
        }

        return new LdaFit(topics, restart, ml, transformer, phi);
    }

    /// <summary>Each row's topic distribution (LDA index order); empty rows get an empty array.</summary>
    public static float[][] Distributions(MLContext ml, ITransformer transformer, IReadOnlyList<TermsRow> rows)
    {
        var result = new float[rows.Count][];
        var scored = new List<TermsRow>(rows.Count);
        var owners = new List<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Terms.Length > 0)
            {
                scored.Add(rows[i]);
                owners.Add(i);
            }
            else
            {
                result[i] = [];
            }
        }

        if (scored.Count > 0)
        {
            using (NativeStdout.Silence())
            {
                var output = transformer.Transform(ml.Data.LoadFromEnumerable(scored));
                var n = 0;
                foreach (var row in ml.Data.CreateEnumerable<TopicsRow>(output, reuseRowObject: false))
                {
                    result[owners[n++]] = row.Topics;
                }
            }
        }

        return result;
    }

    private static List<TermsRow> Shuffle(IReadOnlyList<TermsRow> rows, int seed)
    {
        var random = new Random(seed);
        var shuffled = rows.ToList();
        for (var i = shuffled.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        return shuffled;
    }
}
