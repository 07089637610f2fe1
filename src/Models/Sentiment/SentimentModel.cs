using Microsoft.ML;

namespace Pipeline.Models.Sentiment;

/// <summary>The sentiment of one text: its class, a score in [-1, 1] (P(positive) − P(negative)) and the class probabilities.</summary>
public sealed record SentimentResult(SentimentClass Class, double Score, double Negative, double Neutral, double Positive, int Sentences);

/// <summary>
/// Scores texts with the trained model. Each text is split into sentences; all sentences of a batch go
/// through one <c>Transform</c> over an IDataView (no per-row prediction engine); each text's class
/// probabilities are the mean of its sentences', each sentence weighted by its length and by how polar it
/// is, so one polite closing line does not hide an angry complaint.
/// </summary>
public sealed class SentimentModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SentimentFeatures _features;

    public SentimentModel(MLContext ml, ITransformer model, SentimentFeatures features, string version)
    {
        _ml = ml;
        _model = model;
        _features = features;
        Version = version;
    }

    public string Version { get; }

    public static SentimentModel Load(string modelPath, SentimentFeatures features, string version)
    {
        var ml = new MLContext(seed: 1);
        using var stream = File.OpenRead(modelPath);
        return new SentimentModel(ml, ml.Model.Load(stream, out _), features, version);
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
                var weight = words * (1 + Math.Max(p[0], p[2]));
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

            var negative = sums[t, 0] / weights[t];
            var neutral = sums[t, 1] / weights[t];
            var positive = sums[t, 2] / weights[t];
            var label = negative >= neutral && negative >= positive ? SentimentClass.Negative : positive >= neutral ? SentimentClass.Positive : SentimentClass.Neutral;
            results[t] = new SentimentResult(label, Math.Round(positive - negative, 4), Math.Round(negative, 4), Math.Round(neutral, 4), Math.Round(positive, 4), counts[t]);
        }

        return results;
    }
}
