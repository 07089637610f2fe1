using System.Text.Json;
using Pipeline.Core;
using Pipeline.Models.Anger;

namespace Pipeline.Evaluation;

/// <summary>One row of the anger table: level ≥ high against the set's anger label.</summary>
public sealed record AngerSuiteRow(string Set, string Kind, int Rows, int Angry, double Precision, double Recall, double F1, double FalsePositiveRate)
{
    /// <summary>
    /// The precision the same recall and false-positive rate give where a third of the messages are angry (as in
    /// complaint channels): the sets' own shares of anger run from 4 % to 14 %, which makes their precisions incomparable.
    /// </summary>
    public double PrecisionAtThird => Recall + FalsePositiveRate == 0 ? 1 : Recall / 3 / (Recall / 3 + FalsePositiveRate * 2 / 3);
}

/// <summary>The anger engine with the shipped lexicons and settings (the Anger section of src/Cli/appsettings.json) on every anger-labelled set.</summary>
public sealed class AngerSuite(string repository, string shared)
{
    public IReadOnlyList<AngerSuiteRow> Run(string? gold, AngerLevel level = AngerLevel.High)
    {
        var engine = new AngerEngine(AngerLexicon.LoadDirectory(Path.Combine(repository, "data", "lexicons")), ShippedOptions());
        var rows = new List<AngerSuiteRow>();
        foreach (var (name, description, trained, read) in AngerSets.All)
        {
            rows.Add(Row($"{name}: {description}", trained ? "SHIP, trained on" : "DEV", read(shared), engine, level));
        }

        if (gold is not null)
        {
            rows.Add(Row("gold: team-labelled complaints, e-mails, calls", "gold (test only)", GoldSet.ReadAnger(gold), engine, level));
        }

        return rows;
    }

    /// <summary>
    /// Recall and precision at one-third prevalence of level ≥ high for each high threshold on the grid, on every
    /// set: how the shipped threshold was chosen (the mean over the DEV sets, never one set alone).
    /// </summary>
    public IReadOnlyList<(double High, IReadOnlyList<AngerSuiteRow> Rows)> Sweep(IReadOnlyList<double> highThresholds, string? gold)
    {
        var options = ShippedOptions();
        var lexicons = AngerLexicon.LoadDirectory(Path.Combine(repository, "data", "lexicons"));
        var sets = AngerSets.All.Select(s => (Name: s.Name, Kind: s.Trained ? "SHIP, trained on" : "DEV", Examples: s.Read(shared))).ToList();
        if (gold is not null)
        {
            sets.Add(("gold", "gold (test only)", GoldSet.ReadAnger(gold)));
        }

        var result = new List<(double, IReadOnlyList<AngerSuiteRow>)>();
        foreach (var high in highThresholds)
        {
            var watch = Math.Min(options.WatchThreshold, high / 2);
            var engine = new AngerEngine(lexicons, options.WithThresholds(watch, high, Math.Max(options.CriticalThreshold, high * 2)));
            result.Add((high, sets.Select(s => Row(s.Name, s.Kind, s.Examples, engine, AngerLevel.High)).ToList()));
        }

        return result;
    }

    private AngerOptions ShippedOptions()
    {
        var settings = File.ReadAllText(Path.Combine(repository, "src", "Cli", "appsettings.json"));
        using var json = JsonDocument.Parse(settings, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return json.RootElement.GetProperty(AngerOptions.Section).Deserialize<AngerOptions>(new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidDataException("src/Cli/appsettings.json has an empty Anger section.");
    }

    private static AngerSuiteRow Row(string set, string kind, IReadOnlyList<AngerExample> examples, AngerEngine engine, AngerLevel level)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var e in examples)
        {
            var predicted = engine.Assess(e.Text, Pipeline.Ingest.TextLanguage.Detect(e.Text)).Level >= level;
            switch (predicted, e.Angry)
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, true): fn++; break;
                default: tn++; break;
            }
        }

        var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new AngerSuiteRow(set, kind, examples.Count, tp + fn, precision, recall, f1, fp + tn == 0 ? 0 : (double)fp / (fp + tn));
    }
}
