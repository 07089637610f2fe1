using Pipeline.Models.Evaluation;

namespace Pipeline.Models.Sentiment;

/// <summary>Reading sentiment labels of evaluation files, and summarising multiclass metrics.</summary>
public static class SentimentEvaluation
{
    public static EvaluationSummary Summarize(MulticlassMetrics metrics) => new(
        Math.Round(metrics.MacroF1, 4),
        Math.Round(metrics.Accuracy, 4),
        metrics.Classes.Select((c, i) => (c, m: metrics.For(i)))
            .ToDictionary(x => x.c, x => new ClassSummary(Math.Round(x.m.Precision, 4), Math.Round(x.m.Recall, 4), Math.Round(x.m.F1, 4), x.m.Support)),
        metrics.Confusion);

    /// <summary>
    /// How the labels of a file read. Words (negative/neutral/positive) and -1/0/1 are three-class; a file
    /// whose labels are only 0 and 1 is two-class (0 negative, 1 positive).
    /// </summary>
    public static LabelScheme SchemeOf(IEnumerable<string> labels)
    {
        var distinct = labels.Select(l => l.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (distinct.Count > 0 && distinct.IsSubsetOf(["0", "1"]))
        {
            return LabelScheme.TwoClass;
        }

        return distinct.Contains("-1") ? LabelScheme.ThreeClassNumeric : LabelScheme.Words;
    }

    /// <summary>The class index of a label under the scheme (negative 0, neutral 1, positive 2), or <c>null</c> when it does not read.</summary>
    public static int? ClassOf(string label, LabelScheme scheme) => (scheme, label.Trim().ToLowerInvariant()) switch
    {
        (LabelScheme.TwoClass, "0") => 0,
        (LabelScheme.TwoClass, "1") => 2,
        (LabelScheme.ThreeClassNumeric, "-1") => 0,
        (LabelScheme.ThreeClassNumeric, "0") => 1,
        (LabelScheme.ThreeClassNumeric, "1") => 2,
        (_, "negative" or "neg") => 0,
        (_, "neutral" or "neu") => 1,
        (_, "positive" or "pos") => 2,
        _ => null,
    };
}

public enum LabelScheme
{
    Words,
    ThreeClassNumeric,
    TwoClass,
}
