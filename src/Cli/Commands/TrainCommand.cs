using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary><c>train sentiment [--out DIR]</c></summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a model on the shipped data.");
        var output = new Option<string?>("--out") { Description = "Folder for model.zip and metrics.json (default Sentiment:ModelDirectory)." };
        var sentiment = new Command("sentiment", "Train the sentiment model (deterministic) and write model.zip and metrics.json.") { output };
        sentiment.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var directory = result.GetValue(output) ?? environment.Settings.Sentiment.ModelDirectory;
            var metrics = await Task.Run(() => environment.CreateSentimentModels().Train(directory), ct).ConfigureAwait(false);
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"""
                sentiment model {metrics.ModelVersion}: {metrics.TrainingRows:N0} training sentences (data {metrics.DataHash[..12]})
                {metrics.Folds}-fold cross-validation: model macro-F1 {metrics.Model!.MacroF1:0.000} (accuracy {metrics.Model.Accuracy:0.000}), VADER baseline macro-F1 {metrics.Baseline!.MacroF1:0.000} (accuracy {metrics.Baseline.Accuracy:0.000})
                wrote {Path.Combine(directory, "model.zip")} and {Path.Combine(directory, "metrics.json")}
                """)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(sentiment);
        return command;
    }
}
