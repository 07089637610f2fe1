using Pipeline.Models.Evaluation;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The sentiment model and the VADER baseline on a labelled file: macro-F1, accuracy and per-class figures of each.
/// <see cref="Skipped"/> counts rows whose label does not read under <see cref="Scheme"/>.
/// </summary>
public sealed record SentimentEvaluationResult(string ModelVersion, LabelScheme Scheme, int Skipped, EvaluationSummary Model, EvaluationSummary Baseline)
{
    public int Rows => Model.PerClass.Values.Sum(c => c.Support);
}

/// <summary>Evaluating a sentiment model on labelled texts, reading their labels, and summarising multiclass metrics.</summary>
public static class SentimentEvaluation
{
    /// <summary>
    /// Scores every labelled text with the model (in batches of 512) and the baseline, and measures both against the
    /// labels. Two-class data (0/1) is measured on the more likely of negative and positive, and VADER's compound sign.
    /// </summary>
    public static async Task<SentimentEvaluationResult> EvaluateAsync(SentimentModel model, VaderScorer baseline, IAsyncEnumerable<LabelledText> labelled, CancellationToken cancellationToken)
    {
        var rows = new List<(string Label, SentimentResult Model, VaderScores Baseline)>();
        var batch = new List<LabelledText>(512);
        async Task FlushAsync()
        {
            var scored = await Task.Run(() => model.Score(batch.Select(b => (string?)b.Text).ToList()), cancellationToken).ConfigureAwait(false);
            rows.AddRange(batch.Select((b, i) => (b.Label, scored[i], baseline.Score(b.Text))));
            batch.Clear();
        }

        await foreach (var row in labelled.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(row);
            if (batch.Count == 512)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);

        var scheme = SchemeOf(rows.Select(r => r.Label));
        string[] classes = scheme == LabelScheme.TwoClass ? ["negative", "positive"] : ["negative", "neutral", "positive"];
        var modelMetrics = new MulticlassMetrics(classes);
        var baselineMetrics = new MulticlassMetrics(classes);
        var skipped = 0;
        foreach (var (label, predicted, vader) in rows)
        {
            if (ClassOf(label, scheme) is not { } actual)
            {
                skipped++;
                continue;
            }

            if (scheme == LabelScheme.TwoClass)
            {
                modelMetrics.Add(actual / 2, predicted.Positive >= predicted.Negative ? 1 : 0);
                baselineMetrics.Add(actual / 2, vader.Compound >= 0 ? 1 : 0);
            }
            else
            {
                modelMetrics.Add(actual, (int)predicted.Class);
                baselineMetrics.Add(actual, (int)vader.Class);
            }
        }

        return new SentimentEvaluationResult(model.Version, scheme, skipped, Summarize(modelMetrics), Summarize(baselineMetrics));
    }

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
