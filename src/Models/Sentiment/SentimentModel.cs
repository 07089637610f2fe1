using Microsoft.ML;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>The sentiment of one text: its class, a score in [-1, 1] (P(positive) − P(negative)) and the class probabilities.</summary>
public sealed record SentimentResult(SentimentClass Class, double Score, double Negative, double Neutral, double Positive, int Sentences);

/// <summary>
/// Scores texts with the trained model. A long text (over <see cref="SentenceSplitter.ShortTextWords"/> words) is
/// split into sentences; all sentences of a batch go through one <c>Transform</c> over an IDataView (no per-row
/// prediction engine). A text's class probabilities are the mean of its sentences', each weighted by its length
/// and by the square of how polar it is (1 − P(neutral)): what a text's attitude is shows in its evaluative
/// sentences, so the factual account of a harm ("on 3 May I called…") does not dilute the sentences that say it
/// was wrong into "neutral", and one polite closing line does not outweigh a complaint.
/// </summary>
public sealed class SentimentModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SentimentFeatures _features;

    private readonly double[] _bias;

    /// <param name="classBias">Multipliers of the class probabilities (negative, neutral, positive) before the decision: the
    /// shipped model's were chosen on the DEV sets (README), since its training corpora hold other shares of each class than
    /// customer messages do. <c>null</c>: none.</param>
    public SentimentModel(MLContext ml, ITransformer model, SentimentFeatures features, string version, double[]? classBias = null)
    {
        if (classBias is not null && (classBias.Length != 3 || classBias.Any(b => !(b > 0) || double.IsInfinity(b))))
        {
            throw new ArgumentException("The class bias has three positive numbers: negative, neutral, positive.", nameof(classBias));
        }

        _ml = ml;
        _model = model;
        _features = features;
        _bias = classBias ?? [1, 1, 1];
        Version = version;
    }

    public string Version { get; }

    public static SentimentModel Load(string modelPath, SentimentFeatures features, string version, double[]? classBias = null)
    {
        var ml = new MLContext(seed: 1);
        using var stream = File.OpenRead(modelPath);
        return new SentimentModel(ml, ml.Model.Load(stream, out _), features, version, classBias);
    }

    public IReadOnlyList<SentimentResult> Score(IReadOnlyList<string?> texts)
    {
        var rows = new List<SentimentRow>();
        var owners = new List<int>();
        for (var t = 0; t < texts.Count; t++)
        {
            foreach (var sentence in SentenceSplitter.Split(texts[t]))
            {
                rows.Add(_features.Row(sentence));
                owners.Add(t);
            }
        }

        var sums = new double[texts.Count, 3];
        var weights = new double[texts.Count];
        var counts = new int[texts.Count];
        if (rows.Count > 0)
        {
            var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
            var index = 0;
            foreach (var prediction in _ml.Data.CreateEnumerable<SentimentRowPrediction>(scored, reuseRowObject: false))
            {
                var owner = owners[index];
                var p = prediction.Probabilities;
                var words = Math.Max(1, rows[index].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
                var weight = words * (1 - p[1]) * (1 - p[1]);
                for (var c = 0; c < 3; c++)
                {
                    sums[owner, c] += weight * p[c];
                }

                weights[owner] += weight;
                counts[owner]++;
                index++;
            }
        }

        var results = new SentimentResult[texts.Count];
        for (var t = 0; t < texts.Count; t++)
        {
            if (weights[t] == 0)
            {
                results[t] = new SentimentResult(SentimentClass.Neutral, 0, 0, 1, 0, 0);
                continue;
            }

            // The bias moves the decision; the probabilities shown are the biased ones, renormalised, so they agree with the class.
            var negative = _bias[0] * sums[t, 0] / weights[t];
            var neutral = _bias[1] * sums[t, 1] / weights[t];
            var positive = _bias[2] * sums[t, 2] / weights[t];
            var total = negative + neutral + positive;
            negative /= total;
            neutral /= total;
            positive /= total;
            var label = negative >= neutral && negative >= positive ? SentimentClass.Negative : positive >= neutral ? SentimentClass.Positive : SentimentClass.Neutral;
            results[t] = new SentimentResult(label, Math.Round(positive - negative, 4), Math.Round(negative, 4), Math.Round(neutral, 4), Math.Round(positive, 4), counts[t]);
        }

        return results;
    }
}
