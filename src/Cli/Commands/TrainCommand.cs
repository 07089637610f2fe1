using System.CommandLine;
using System.Globalization;
using Pipeline.Ingest;
using Pipeline.Models.Topics;

namespace Pipeline.Cli.Commands;

/// <summary><c>train sentiment [--out DIR]</c> and <c>train topics [--input PATH...] [--mapping FILE] [--channel C] [--topics K] [--out DIR]</c></summary>
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
        command.Subcommands.Add(Topics());
        return command;
    }

    private static Command Topics()
    {
        var inputs = new Option<string[]>("--input")
        {
            Description = "Files or folders to fit on (read like `ingest`, not stored). Default: the store's interactions.",
            AllowMultipleArgumentsPerToken = true,
        };
        var mapping = new Option<string?>("--mapping") { Description = "A complaints mapping file for CSV inputs not in the CFPB layout." };
        var channel = new Option<string?>("--channel") { Description = "Read every input file as this channel, whatever its type." };
        channel.AcceptOnlyFromAmong("complaint", "email", "call");
        var count = new Option<int?>("--topics") { Description = "The number of topics (default: chosen by C_v coherence over Topics:MinTopics..MaxTopics)." };
        count.Validators.Add(r =>
        {
            if (r.GetValue(count) is < 2 or > 200)
            {
                r.AddError("--topics must be between 2 and 200.");
            }
        });
        var output = new Option<string?>("--out") { Description = "Folder for model.zip, model.json and topics.json (default Topics:ModelDirectory)." };
        var command = new Command("topics", "Fit the LDA topic model and write model.zip, model.json and topics.json.") { inputs, mapping, channel, count, output };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var directory = result.GetValue(output) ?? environment.Settings.Topics.ModelDirectory;
            var models = environment.CreateTopicModels();
            var paths = result.GetValue(inputs) ?? [];
            TopicTrainingResult trained;
            if (paths.Length > 0)
            {
                var forced = result.GetValue(channel) is { } name ? Core.ChannelNames.Parse(name) : (Core.Channel?)null;
                var sources = paths.Select(p => new IngestSource(p, forced, result.GetValue(mapping))).ToList();
                InputFiles.CheckInputs(sources);
                trained = await models.TrainAsync(environment.CreateInputReader().ReadAsync(sources, ct), result.GetValue(count), directory, ct).ConfigureAwait(false);
            }
            else
            {
                await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
                trained = await models.TrainAsync(store.ReadAsync(null, ct), result.GetValue(count), directory, ct).ConfigureAwait(false);
            }

            var added = trained.Topics.Count(t => t.New);
            var fresh = added > 0 ? $"; {added} new topic(s): {string.Join(", ", trained.Topics.Where(t => t.New).Select(t => t.Id))}" : "";
            var retired = trained.Model.RetiredIds.Count > 0 ? $"; retired ids: {string.Join(", ", trained.Model.RetiredIds)}" : "";
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"fitted {trained.Model.TopicCount} topics on {trained.Model.TrainingDocuments:N0} documents in {trained.Elapsed.TotalSeconds:0.0} s{fresh}{retired}")).ConfigureAwait(false);
            await TopicsCommand.Write(environment.Output, trained.Topics, trained.Model).ConfigureAwait(false);
            await environment.Output.WriteLineAsync($"wrote {Path.Combine(directory, TopicFiles.ModelFile)}, {TopicFiles.MetadataFile} and {TopicFiles.TopicsFile}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
