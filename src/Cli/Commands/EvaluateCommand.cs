using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Models.Anger;
using Pipeline.Models.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>evaluate anger --data FILE [--text-column NAME] [--label-column NAME] [--level high] [--json]</c></summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a model on a labelled CSV or TSV.");
        command.Subcommands.Add(CreateAnger());
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

        var command = new Command("anger", "Precision, recall and F1 of the anger level against 0/1 labels.") { data, textColumn, labelColumn, level, json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var path = result.GetValue(data)!;
            if (!File.Exists(path))
            {
                throw new ConfigurationException($"--data '{path}' does not exist.");
            }

            var engine = environment.CreateAngerEngine();
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

                var assessment = engine.Assess(row.Text, LanguageGuesser.Guess(row.Text));
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
}
