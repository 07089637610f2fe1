using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Core;
using Pipeline.Models.Evaluation;
using Pipeline.Models.Sentiment;

namespace Pipeline.Evaluation;

/// <summary>One row of the sentiment table: a labelled set, how it relates to the training data, and both scorers' figures.</summary>
public sealed record SentimentSuiteRow(string Set, string Kind, int Rows, bool TwoClass, EvaluationSummary Model, EvaluationSummary Baseline);

/// <summary>
/// The sentiment evaluation across domains: the shipped model (trained on all SHIP corpora) on every DEV
/// set and on the team's gold set; and leave-one-corpus-out over the SHIP corpora (trained on the others,
/// tested on the one left out). The VADER baseline is scored on the same rows. The class bias is the shipped
/// one (<see cref="SentimentModelProvider.ShippedClassBias"/>); <c>--bias-grid</c> prints the DEV mean for
/// other biases, which is how it was chosen.
/// </summary>
public sealed class SentimentSuite(string repository, string shared, TextWriter log)
{
    /// <summary>Corpora left out together: the same source in two collections is one domain.</summary>
    private static readonly (string Name, string[] Sources)[] HeldOut =
    [
        ("tweets (VADER)", ["vader_tweets_GroundTruth"]),
        ("Amazon reviews (VADER + UCI)", ["vader_amazonReviewSnippets_GroundTruth", "uci_amazon_cells_labelled"]),
        ("movie reviews (VADER + UCI IMDb)", ["vader_movieReviewSnippets_GroundTruth", "uci_imdb_labelled"]),
        ("NYT editorials (VADER)", ["vader_nytEditorialSnippets_GroundTruth"]),
        ("Yelp reviews (UCI)", ["uci_yelp_labelled"]),
        ("Reddit comments (GoEmotions)", ["goemotions_train"]),
        ("movie subtitles (XED)", ["xed_en_annotated", "xed_en_neutral"]),
        ("sentences (EmoBank)", ["emobank"]),
        ("CFPB complaint narratives (2023)", ["cfpb_complaints_2023_head"]),
    ];

    public IReadOnlyList<SentimentSuiteRow> Run(bool heldOut, bool biasGrid, string? gold)
    {
        var vader = new VaderScorer(VaderLexicon.Load(Path.Combine(repository, "data", "lexicons", "vader_lexicon.txt")));
        var features = new SentimentFeatures(vader, SentimentNames.Load(Path.Combine(repository, "data", "lexicons", "sentiment-names.en.txt")));
        var trainer = new SentimentTrainer(features, vader);
        var shipped = SentimentTrainingData.Load(Path.Combine(repository, "data", "sentiment"));
        var bias = SentimentModelProvider.ShippedClassBias;
        var rows = new List<SentimentSuiteRow>();

        var watch = Stopwatch.StartNew();
        var model = trainer.Fit(shipped, "suite");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained on {shipped.Count:N0} shipped rows in {watch.Elapsed.TotalSeconds:0} s"));

        var dev = new List<(string Name, IReadOnlyList<SentimentExample> Rows, double[][] P)>();
        foreach (var (name, description, read) in SentimentSets.All)
        {
            var examples = read(shared);
            var p = Probabilities(model, examples.Select(e => e.Text).ToList());
            dev.Add((name, examples, p));
            rows.Add(Row($"{name}: {description}", "DEV", examples, p, bias, vader));
        }

        if (gold is not null)
        {
            var examples = GoldSet.Read(gold);
            rows.Add(Row($"gold: {Path.GetFileName(gold)} (team-labelled complaints, e-mails, calls)", "gold (test only)", examples, Probabilities(model, examples.Select(e => e.Text).ToList()), bias, vader));
        }

        if (biasGrid)
        {
            log.WriteLine("class bias (negative, neutral; positive 1) → mean macro-F1 over the DEV sets:");
            foreach (var negative in new[] { 1.0, 1.2, 1.4, 1.6, 1.8, 2.0 })
            {
                var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"  neg {negative:0.0}:"));
                foreach (var neutral in new[] { 0.8, 1.0, 1.15, 1.3, 1.5 })
                {
                    var mean = dev.Average(d => Metrics(d.Rows, d.P, [negative, neutral, 1]).MacroF1);
                    line.Append(string.Create(CultureInfo.InvariantCulture, $"  neu {neutral:0.00} {mean:0.000}"));
                }

                log.WriteLine(line);
            }
        }

        if (heldOut)
        {
            foreach (var (name, sources) in HeldOut)
            {
                var train = shipped.Where(r => !sources.Contains(r.Source)).ToList();
                var test = shipped.Where(r => sources.Contains(r.Source)).Select(r => new SentimentExample(r.Text, r.Label)).ToList();
                if (test.Count == 0)
                {
                    throw new InvalidDataException($"No shipped rows of {string.Join(", ", sources)}: data/sentiment changed; update the suite's held-out groups.");
                }

                watch.Restart();
                var held = trainer.Fit(train, "held-out");
                // A corpus of one class (the CFPB narratives, all negative) has no macro-F1 worth averaging: read its recall.
                var kind = test.Select(e => e.Label).Distinct().Count() == 1 ? "held-out corpus, one class" : "held-out corpus";
                rows.Add(Row(name, kind, test, Probabilities(held, test.Select(e => e.Text).ToList()), bias, vader));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held out {name}: {test.Count:N0} rows, fitted in {watch.Elapsed.TotalSeconds:0} s"));
            }
        }

        return rows;
    }

    /// <summary>Unbiased class probabilities of each text, in batches.</summary>
    private static double[][] Probabilities(SentimentModel model, IReadOnlyList<string> texts)
    {
        var result = new double[texts.Count][];
        for (var start = 0; start < texts.Count; start += 2048)
        {
            var batch = texts.Skip(start).Take(2048).Select(t => (string?)t).ToList();
            var scored = model.Score(batch);
            for (var i = 0; i < scored.Count; i++)
            {
                result[start + i] = [scored[i].Negative, scored[i].Neutral, scored[i].Positive];
            }
        }

        return result;
    }

    private static SentimentSuiteRow Row(string set, string kind, IReadOnlyList<SentimentExample> examples, double[][] p, double[] bias, VaderScorer vader)
    {
        // Two-class: labelled negative and positive, never neutral (UCI). A set of one class (the CFPB narratives) keeps three.
        var twoClass = examples.All(e => e.Label != SentimentClass.Neutral) && examples.Any(e => e.Label == SentimentClass.Negative) && examples.Any(e => e.Label == SentimentClass.Positive);
        var model = Metrics(examples, p, bias, twoClass);
        string[] classes = twoClass ? ["negative", "positive"] : ["negative", "neutral", "positive"];
        var baseline = new MulticlassMetrics(classes);
        foreach (var e in examples)
        {
            var scores = vader.Score(e.Text);
            if (twoClass)
            {
                baseline.Add(e.Label == SentimentClass.Positive ? 1 : 0, scores.Compound >= 0 ? 1 : 0);
            }
            else
            {
                baseline.Add((int)e.Label, (int)scores.Class);
            }
        }

        return new SentimentSuiteRow(set, kind, examples.Count, twoClass, SentimentEvaluation.Summarize(model), SentimentEvaluation.Summarize(baseline));
    }

    /// <summary>Three-class: the class with the largest biased probability. Two-class data: the larger of negative and positive.</summary>
    private static MulticlassMetrics Metrics(IReadOnlyList<SentimentExample> examples, double[][] p, double[] bias, bool twoClass = false)
    {
        var metrics = new MulticlassMetrics(twoClass ? ["negative", "positive"] : ["negative", "neutral", "positive"]);
        for (var i = 0; i < examples.Count; i++)
        {
            if (twoClass)
            {
                metrics.Add(examples[i].Label == SentimentClass.Positive ? 1 : 0, bias[2] * p[i][2] >= bias[0] * p[i][0] ? 1 : 0);
                continue;
            }

            var best = 0;
            for (var c = 1; c < 3; c++)
            {
                if (bias[c] * p[i][c] > bias[best] * p[i][best])
                {
                    best = c;
                }
            }

            metrics.Add((int)examples[i].Label, best);
        }

        return metrics;
    }
}
