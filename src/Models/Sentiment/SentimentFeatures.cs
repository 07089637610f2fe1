using Microsoft.ML.Data;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>One sentence as the ML.NET pipeline sees it: its text, the lexicon features, and (for training) the label.</summary>
public sealed class SentimentRow
{
    public const int LexiconFeatureCount = 8;

    public string Text { get; set; } = string.Empty;

    [VectorType(LexiconFeatureCount)]
    public float[] Lexicon { get; set; } = new float[LexiconFeatureCount];

    /// <summary>"negative", "neutral" or "positive"; empty when scoring.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>How much the row counts in training (corpus weights, <see cref="SentimentTrainingData.WeightOf"/>).</summary>
    public float Weight { get; set; } = 1f;
}

/// <summary>What the pipeline adds: a probability per class in the order negative, neutral, positive.</summary>
public sealed class SentimentRowPrediction
{
    [ColumnName("Score")]
    public float[] Probabilities { get; set; } = [];
}

/// <summary>
/// The lexicon half of the model's features, from the VADER scorer: compound, positive, negative and
/// neutral shares (valence with negation, boosters, capitals and "!" already applied), plus whether a
/// negation, "!", "?" or shouting occurs.
/// </summary>
/// <param name="names">Names whose words are not feelings ("credit card"), masked before anything is read.</param>
/// <param name="weight">Multiplies every lexicon feature: against L2-normalised n-grams, a larger weight lets the
/// regularised classifier lean more on the lexicon, which carries across domains better than words do.</param>
public sealed class SentimentFeatures(VaderScorer vader, SentimentNames names, float weight = SentimentFeatures.DefaultWeight)
{
    public const float DefaultWeight = 6f;

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "never", "nothing", "nobody", "none", "cannot", "without" };

    public SentimentRow Row(string text, string label = "", float weight = 1f)
    {
        text = names.Mask(text);
        var scores = vader.Score(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var negated = words.Any(w =>
        {
            var lower = w.Trim(',', '.', '!', '?', ';', ':').ToLowerInvariant();
            return Negations.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n’t", StringComparison.Ordinal);
        });
        var shouted = words.Count(w => w.Length >= 3 && w.Any(char.IsLetter) && w.Where(char.IsLetter).All(char.IsUpper) && !w.All(c => c is 'X' or 'x'));
        return new SentimentRow
        {
            Text = text,
            Label = label,
            Weight = weight,
            Lexicon = Weighted(
            [
                (float)scores.Compound,
                (float)scores.Positive,
                (float)scores.Negative,
                (float)scores.Neutral,
                negated ? 1f : 0f,
                Math.Min(text.Count(c => c == '!'), 3) / 3f,
                text.Contains('?', StringComparison.Ordinal) ? 1f : 0f,
                words.Length == 0 ? 0f : Math.Min(1f, shouted * 3f / words.Length),
            ]),
        };
    }

    private float[] Weighted(float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= weight;
        }

        return values;
    }
}
