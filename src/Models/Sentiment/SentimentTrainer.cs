using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Pipeline.Core;
using Pipeline.Models.Evaluation;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// Trains the sentiment model on the shipped data and measures it honestly: k-fold cross-validation
/// (folds assigned by a hash of the text, so the same data always gives the same folds and metrics),
/// with the VADER baseline scored on the same held-out folds. Then fits on all rows and writes
/// <c>model.zip</c> and <c>metrics.json</c>.
/// </summary>
public sealed class SentimentTrainer(SentimentFeatures features, VaderScorer baseline)
{
    public static readonly string[] Classes = ["negative", "neutral", "positive"];

    /// <param name="classBias">Multipliers of the class probabilities (negative, neutral, positive) before the decision; <c>null</c> for none.</param>
    public SentimentMetricsFile Train(IReadOnlyList<LabelledSentence> rows, string dataHash, int folds, string outputDirectory, double[]? classBias = null, string? trainedOn = null, int skipped = 0)
    {
        var featured = Featurize(rows);
        var fold = folds > 0 ? rows.Select(r => FoldOf(r.Text, folds)).ToArray() : [];

        // Two-class data (no neutral row) makes a two-class model, measured as evaluate measures two-class data: the more likely of negative and positive.
        var twoClass = !rows.Any(r => r.Label == SentimentClass.Neutral);
        var model = new MulticlassMetrics(twoClass ? ["negative", "positive"] : Classes);
        var vader = new MulticlassMetrics(twoClass ? ["negative", "positive"] : Classes);

        // folds = 0: fit only (the first-use path); metrics.json then has no cross-validation figures.
        for (var k = 0; k < folds; k++)
        {
            var held = Enumerable.Range(0, rows.Count).Where(i => fold[i] == k).ToList();
            var fitted = Fit(featured.Where((_, i) => fold[i] != k).ToList(), "cv", classBias).Model;
            var results = fitted.Score(held.Select(i => (string?)rows[i].Text).ToList());
            for (var j = 0; j < held.Count; j++)
            {
                var actual = (int)rows[held[j]].Label;
                var lexicon = baseline.Score(rows[held[j]].Text);
                if (twoClass)
                {
                    model.Add(actual / 2, results[j].Positive >= results[j].Negative ? 1 : 0);
                    vader.Add(actual / 2, lexicon.Compound >= 0 ? 1 : 0);
                }
                else
                {
                    model.Add(actual, (int)results[j].Class);
                    vader.Add(actual, (int)lexicon.Class);
                }
            }
        }

        var (_, save) = Fit(featured, "final", classBias, check: true);
        Directory.CreateDirectory(outputDirectory);
        save(Path.Combine(outputDirectory, SentimentModelFiles.ModelFile));

        var metrics = new SentimentMetricsFile(
            ModelVersion: $"{SentimentPipeline.VersionPrefix(features.Language)}+{dataHash[..12]}",
            TrainingRows: rows.Count,
            DataHash: dataHash,
            ClassCounts: Classes.ToDictionary(c => c, c => rows.Count(r => r.Label.ToName() == c)),
            Sources: rows.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Folds: folds,
            Model: folds > 0 ? SentimentEvaluation.Summarize(model) : null,
            Baseline: folds > 0 ? SentimentEvaluation.Summarize(vader) : null)
        {
            ClassBias = classBias,
            Language = features.Language,
            TrainedOn = trainedOn,
            SkippedRows = skipped,
        };
        File.WriteAllText(Path.Combine(outputDirectory, SentimentModelFiles.MetricsFile), JsonSerializer.Serialize(metrics, SentimentModelFiles.Json));
        return metrics;
    }

    /// <summary>
    /// Fits the pipeline on featured rows; returns the model and a way to save it (model.zip and, beside it, the n-gram
    /// and weights files). <paramref name="check"/>: first check on every training row that the model's direct arithmetic agrees
    /// with ML.NET (a few seconds; every saved model is checked).
    /// </summary>
    public (SentimentModel Model, Action<string> Save) Fit(IReadOnlyList<SentimentRow> featured, string version, double[]? classBias = null, bool check = false)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(featured);
        var transformer = SentimentPipeline.Build(ml, features.Language).Fit(data);
        var texts = new string[featured.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = featured[i].Text;
        }

        var ngrams = SentimentNgrams.Build(texts, SentimentModel.TextSlotNames(transformer, data.Schema), text => LitSlots(ml, transformer, text));
        var model = new SentimentModel(ml, transformer, ngrams, features, version, classBias);
        if (check)
        {
            model.CheckAgainstReference(featured);
        }

        return (model, path =>
        {
            ml.Model.Save(transformer, data.Schema, path);
            ngrams.Save(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SentimentNgrams.FileName));
            model.SaveWeights(path);
        });
    }

    private static List<int> LitSlots(MLContext ml, ITransformer transformer, string text)
    {
        var output = transformer.Transform(ml.Data.LoadFromEnumerable([new SentimentRow { Text = text }]));
        using var cursor = output.GetRowCursor([output.Schema["TextFeatures"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["TextFeatures"]);
        var lit = new List<int>();
        VBuffer<float> values = default;
        while (cursor.MoveNext())
        {
            getter(ref values);
            foreach (var (slot, value) in values.Items())
            {
                if (value != 0)
                {
                    lit.Add(slot);
                }
            }
        }

        return lit;
    }

    /// <summary>Fits on labelled sentences (tests, notebooks and the evaluation suite).</summary>
    public SentimentModel Fit(IReadOnlyList<LabelledSentence> rows, string version, double[]? classBias = null) =>
        Fit(Featurize(rows), version, classBias).Model;

    private List<SentimentRow> Featurize(IReadOnlyList<LabelledSentence> rows)
    {
        var featured = new List<SentimentRow>(rows.Count);
        foreach (var r in rows)
        {
            featured.Add(features.Row(r.Text, r.Label.ToName(), r.Weight));
        }

        return featured;
    }

    private static int FoldOf(string text, int folds) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) % (uint)folds);
}

/// <summary>
/// metrics.json: what the model was trained on and how it did in cross-validation, beside the baseline
/// (no figures when trained on first use without cross-validation: <c>train sentiment</c> adds them).
/// </summary>
public sealed record SentimentMetricsFile(
    string ModelVersion,
    int TrainingRows,
    string DataHash,
    IReadOnlyDictionary<string, int> ClassCounts,
    IReadOnlyDictionary<string, int> Sources,
    int Folds,
    EvaluationSummary? Model,
    EvaluationSummary? Baseline)
{
    /// <summary>Multipliers of the class probabilities (negative, neutral, positive) before the decision; absent: none.</summary>
    public double[]? ClassBias { get; init; }

    /// <summary>The language of the texts the model reads ("en", "ru", "zh"); absent: English (a model of an earlier pipeline).</summary>
    public string? Language { get; init; }

    /// <summary>What the model was trained on, in words ("the shipped data", "team.csv with the shipped data").</summary>
    public string? TrainedOn { get; init; }

    /// <summary>Rows of the training file left out because their label did not read or their text was empty.</summary>
    public int SkippedRows { get; init; }
}

/// <summary>The figures of one evaluation, in the JSON shape of metrics.json and <c>evaluate --json</c>.</summary>
public sealed record EvaluationSummary(
    double MacroF1,
    double Accuracy,
    IReadOnlyDictionary<string, ClassSummary> PerClass,
    [property: JsonPropertyName("confusionMatrix")] int[][] Confusion);

public sealed record ClassSummary(double Precision, double Recall, double F1, int Support);

public static class SentimentModelFiles
{
    public const string ModelFile = "model.zip";
    public const string MetricsFile = "metrics.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };
}
