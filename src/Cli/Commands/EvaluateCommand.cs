using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Models.Anger;
using Pipeline.Models.Evaluation;
using Pipeline.Models.Sentiment;

namespace Pipeline.Cli.Commands;

/// <summary><c>evaluate anger|sentiment --data FILE [--text-column NAME] [--label-column NAME] [--model DIR] [--json]</c> (anger also <c>[--level high]</c>, sentiment also <c>[--language en|ru|zh]</c>)</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a model on a labelled CSV or TSV.");
        command.Subcommands.Add(CreateAnger());
        command.Subcommands.Add(CreateSentiment());
        return command;
    }

    private static Command CreateAnger()
    {
        var data = new Option<string>("--data") { Description = "A labelled CSV or TSV with a header row.", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "Column with the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Column with the 0/1 anger label.", DefaultValueFactory = _ => "label" };
        var level = new Option<string>("--level") { Description = "Predicted positive from this level up.", DefaultValueFactory = _ => "high" };
        level.AcceptOnlyFromAmong("watch", "high", "critical");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var model = new Option<string?>("--model") { Description = "A `train anger` model folder (default: the configured lexicons and thresholds)." };

        var command = new Command("anger", "Precision, recall and F1 of the anger level against 0/1 labels.") { data, textColumn, labelColumn, level, json, model };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var path = ExistingFile(result.GetValue(data)!);

            var engine = environment.CreateAngerEngine(result.GetValue(model));
            var threshold = AngerLevelNames.Parse(result.GetValue(level)!);
            var pairs = new List<(bool Predicted, bool Actual)>();
            var skipped = new List<long>();
            await foreach (var row in LabelledTextFile.ReadAsync(path, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, ct).ConfigureAwait(false))
            {
                if (BinaryMetrics.ParseLabel(row.Label) is not { } actual)
                {
                    skipped.Add(row.Row);
                    continue;
                }

                var assessment = engine.Assess(row.Text, Pipeline.Ingest.TextLanguage.Detect(row.Text));
                pairs.Add((assessment.Level >= threshold, actual));
            }

            if (skipped.Count > 0)
            {
                environment.Loggers.CreateLogger("evaluate").LogWarning(
                    "Skipped {Count} rows whose label is not 0/1 (rows {Rows})", skipped.Count, string.Join(", ", skipped.Take(10)) + (skipped.Count > 10 ? ", …" : string.Empty));
            }

            var metrics = BinaryMetrics.From(pairs);
            var levelName = threshold.ToName();
            if (result.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    rows = metrics.Rows,
                    level = levelName,
                    precision = Math.Round(metrics.Precision, 4),
                    recall = Math.Round(metrics.Recall, 4),
                    f1 = Math.Round(metrics.F1, 4),
                    truePositives = metrics.TruePositives,
                    falsePositives = metrics.FalsePositives,
                    falseNegatives = metrics.FalseNegatives,
                    trueNegatives = metrics.TrueNegatives,
                    skipped = skipped.Count,
                })).ConfigureAwait(false);
            }
            else
            {
                await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"anger level ≥ {levelName} on {metrics.Rows:N0} rows ({skipped.Count} skipped): precision {metrics.Precision:0.000}, recall {metrics.Recall:0.000}, F1 {metrics.F1:0.000}\n" +
                    $"true positives {metrics.TruePositives}, false positives {metrics.FalsePositives}, false negatives {metrics.FalseNegatives}, true negatives {metrics.TrueNegatives}")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateSentiment()
    {
        var data = new Option<string>("--data") { Description = "A labelled CSV or TSV with a header row.", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "Column with the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Column with negative/neutral/positive, -1/0/1, or 0/1 for two-class data.", DefaultValueFactory = _ => "label" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var modelDirectory = new Option<string?>("--model") { Description = "A model folder written by `train sentiment --out DIR` (default: the configured model)." };

        var language = TrainCommand.LanguageOption("Without --model: the configured model of this language, en (default), ru or zh. A --model folder says its own language.");
        var command = new Command("sentiment", "Macro-F1, accuracy and per-class figures of the sentiment model and the VADER baseline.") { data, textColumn, labelColumn, json, modelDirectory, language };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var path = ExistingFile(result.GetValue(data)!);

            var models = environment.CreateSentimentModels();
            var (model, _) = result.GetValue(modelDirectory) is { } directory ? models.Load(directory) : models.LoadOrTrain(result.GetValue(language)!);
            var baseline = models.CreateBaseline();

            var evaluation = await SentimentEvaluation.EvaluateAsync(
                model, baseline, LabelledTextFile.ReadAsync(path, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, ct), ct).ConfigureAwait(false);
            var scheme = evaluation.Scheme;
            var skipped = evaluation.Skipped;
            if (skipped > 0)
            {
                environment.Loggers.CreateLogger("evaluate").LogWarning("Skipped {Count} rows whose label does not read as {Scheme}", skipped, scheme);
            }

            var summary = new { rows = evaluation.Rows, labels = scheme.ToString(), modelVersion = evaluation.ModelVersion, language = model.Language, model = evaluation.Model, baseline = evaluation.Baseline };
            if (result.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(summary, new JsonSerializerOptions(SentimentModelFiles.Json) { WriteIndented = false })).ConfigureAwait(false);
            }
            else
            {
                var text = new System.Text.StringBuilder();
                text.AppendLine(CultureInfo.InvariantCulture, $"sentiment on {evaluation.Rows:N0} rows ({scheme}, {skipped} skipped), {Languages.Describe(model.Language)} model {evaluation.ModelVersion}{(model.TwoClass ? " (two classes)" : string.Empty)}");
                foreach (var (name, m) in new[] { ("model", summary.model), ("baseline (VADER)", summary.baseline) })
                {
                    var perClass = string.Join(", ", m.PerClass.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} P {p.Value.Precision:0.000} R {p.Value.Recall:0.000} F1 {p.Value.F1:0.000}")));
                    text.AppendLine(CultureInfo.InvariantCulture, $"{name}: macro-F1 {m.MacroF1:0.000}, accuracy {m.Accuracy:0.000}; {perClass}");
                }

                await environment.Output.WriteAsync(text.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string ExistingFile(string path) =>
        File.Exists(path) ? path : throw new ConfigurationException($"--data '{path}' does not exist.");
}
