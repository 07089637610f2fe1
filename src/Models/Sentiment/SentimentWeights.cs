using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The trained classifier's weights applied directly: for each class, bias + weights · features, then softmax,
/// the arithmetic of ML.NET's <c>MaximumEntropyModelParameters</c> on the features <see cref="SentimentNgrams"/>
/// and the lexicon make, read from the fitted (or loaded) model. No data view per batch, no allocation per sentence.
/// </summary>
public sealed class SentimentWeights
{
    /// <summary>Feature-major: the classes' weights of feature j at [j × classes + c], so one feature is one cache line.</summary>
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int _lexiconStart;

    private SentimentWeights(float[] weights, float[] bias, int lexiconStart)
    {
        _weights = weights;
        _bias = bias;
        _lexiconStart = lexiconStart;
    }

    public int Classes => _bias.Length;

    /// <summary>The classifier of a fitted sentiment pipeline, whose text features have <paramref name="textSlots"/> slots.</summary>
    public static SentimentWeights From(ITransformer model, int textSlots)
    {
        var predictor = (model as IEnumerable<ITransformer>)?.OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().SingleOrDefault()
            ?? throw new InvalidDataException("The sentiment model holds no maximum-entropy classifier; train it again.");
        VBuffer<float>[] rows = [];
        predictor.Model.GetWeights(ref rows, out var classes);
        var bias = predictor.Model.GetBiases().ToArray();
        var length = textSlots + SentimentRow.LexiconFeatureCount;
        var weights = new float[classes * length];
        for (var c = 0; c < classes; c++)
        {
            if (rows[c].Length != length)
            {
                throw new InvalidDataException($"The sentiment classifier has {rows[c].Length} weights per class, its features {length}: the model and its n-gram file disagree; train it again.");
            }

            foreach (var (feature, weight) in rows[c].Items())
            {
                weights[feature * classes + c] = weight;
            }
        }

        return new SentimentWeights(weights, bias, textSlots);
    }

    /// <summary>The class probabilities (negative, neutral, positive) of one sentence's features.</summary>
    public void Probabilities(SparseFeatures text, ReadOnlySpan<float> lexicon, Span<double> probabilities)
    {
        var classes = _bias.Length;
        Span<float> scores = stackalloc float[classes];
        _bias.CopyTo(scores);
        for (var i = 0; i < text.Count; i++)
        {
            var value = text.Values[i];
            var row = _weights.AsSpan(text.Slots[i] * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += row[c] * value;
            }
        }

        for (var k = 0; k < lexicon.Length; k++)
        {
            var row = _weights.AsSpan((_lexiconStart + k) * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += row[c] * lexicon[k];
            }
        }

        var max = double.NegativeInfinity;
        for (var c = 0; c < classes; c++)
        {
            max = Math.Max(max, scores[c]);
        }

        double sum = 0;
        for (var c = 0; c < classes; c++)
        {
            probabilities[c] = Math.Exp(scores[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < classes; c++)
        {
            probabilities[c] /= sum;
        }
    }
}
