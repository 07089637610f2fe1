using System.CommandLine;
using System.Globalization;
using Pipeline.Ingest;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;

namespace Pipeline.Cli.Commands;

/// <summary><c>train sentiment [--language en|ru|zh] [--data FILE [--text-column C] [--label-column C] [--with-shipped]] [--folds N] [--out DIR]</c>, <c>train anger --data FILE …</c> and <c>train topics [--language en|ru|zh] [--input PATH...] [--mapping FILE] [--channel C] [--topics K] [--out DIR]</c></summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a model on the shipped data.");
        command.Subcommands.Add(Sentiment());
        command.Subcommands.Add(TrainAngerCommand.Create());
        command.Subcommands.Add(Topics());
        return command;
    }

    private static Command Sentiment()
    {
        var output = new Option<string?>("--out") { Description = "Folder for model.zip, ngrams.bin and metrics.json (default Sentiment:ModelDirectory)." };
        var data = new Option<string?>("--data") { Description = "A labelled CSV or TSV of your own (labels negative/neutral/positive, -1/0/1, or 0/1); default: the shipped data." };
        var textColumn = new Option<string>("--text-column") { Description = "Column with the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Column with the label.", DefaultValueFactory = _ => "label" };
        var withShipped = new Option<bool>("--with-shipped") { Description = "Train on --data together with the shipped data." };
        var folds = new Option<int?>("--folds") { Description = "Cross-validation folds for metrics.json (0: none; default Sentiment:Folds)." };
        folds.Validators.Add(r =>
        {
            if (r.GetValue(folds) is < 0 or 1 or > 20)
            {
                r.AddError("--folds must be 0 (no cross-validation) or between 2 and 20.");
            }
        });
        var language = LanguageOption("The language of the model: en (default), ru (word stems) or zh (jieba's words); each has its own shipped data and folder.");
        var sentiment = new Command("sentiment", "Train the sentiment model (deterministic) and write model.zip, ngrams.bin and metrics.json.") { output, data, textColumn, labelColumn, withShipped, folds, language };
        sentiment.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var code = result.GetValue(language)!;
            var directory = result.GetValue(output) ?? environment.Settings.Sentiment.ModelDirectoryOf(code);
            var models = environment.CreateSentimentModels();
            var foldCount = result.GetValue(folds) ?? environment.Settings.Sentiment.Folds;
            SentimentMetricsFile metrics;
            if (result.GetValue(data) is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new ConfigurationException($"--data '{path}' does not exist.");
                }

                var team = await TeamSentimentFile.ReadAsync(path, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, ct).ConfigureAwait(false);
                metrics = await Task.Run(() => models.TrainOnTeamData(team, Path.GetFileName(path), result.GetValue(withShipped), foldCount, directory, code), ct).ConfigureAwait(false);
            }
            else if (result.GetValue(withShipped))
            {
                throw new ConfigurationException("--with-shipped goes with --data FILE (without --data the shipped data is all there is).");
            }
            else
            {
                metrics = await Task.Run(() => models.Train(directory, foldCount, code), ct).ConfigureAwait(false);
            }

            var figures = metrics.Model is { } model && metrics.Baseline is { } baseline
                ? string.Create(CultureInfo.InvariantCulture, $"{metrics.Folds}-fold cross-validation: model macro-F1 {model.MacroF1:0.000} (accuracy {model.Accuracy:0.000}), VADER baseline macro-F1 {baseline.MacroF1:0.000} (accuracy {baseline.Accuracy:0.000})")
                : "no cross-validation (--folds 0)";
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"""
                {Core.Languages.Describe(code)} sentiment model {metrics.ModelVersion}{(metrics.ClassCounts.GetValueOrDefault("neutral") == 0 ? " (two classes: negative, positive)" : string.Empty)}: {metrics.TrainingRows:N0} training rows from {metrics.TrainedOn} (data {metrics.DataHash[..12]}){(metrics.SkippedRows > 0 ? $", {metrics.SkippedRows:N0} rows skipped (label not negative/neutral/positive, -1/0/1 or 0/1, or no text)" : string.Empty)}
                {figures}
                wrote {Path.Combine(directory, SentimentModelFiles.ModelFile)}, {SentimentNgrams.FileName} and {SentimentModelFiles.MetricsFile}
                """)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return sentiment;
    }

    /// <summary><c>--language en|ru|zh</c> (default en): whose sentiment model.</summary>
    public static Option<string> LanguageOption(string description)
    {
        var option = new Option<string>("--language") { Description = description, DefaultValueFactory = _ => Core.Languages.English };
        option.AcceptOnlyFromAmong([.. SentimentOptions.ModelLanguages]);
        return option;
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
        var output = new Option<string?>("--out") { Description = "Folder for model.zip, phi.bin, model.json and topics.json (default Topics:ModelDirectory, with -ru or -zh for those languages)." };
        var language = new Option<string>("--language") { Description = "Whose model: en (default), ru (word stems) or zh (jieba's words), fitted on the texts in that language.", DefaultValueFactory = _ => Core.Languages.English };
        language.AcceptOnlyFromAmong([.. TopicOptions.ModelLanguages]);
        var command = new Command("topics", "Fit the LDA topic model and write model.zip, phi.bin, model.json and topics.json.") { inputs, mapping, channel, count, output, language };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var code = result.GetValue(language)!;
            var directory = result.GetValue(output) ?? environment.Settings.Topics.ModelDirectoryOf(code);
            var models = environment.CreateTopicModels();
            var paths = result.GetValue(inputs) ?? [];
            TopicTrainingResult trained;
            if (paths.Length > 0)
            {
                var forced = result.GetValue(channel) is { } name ? Core.ChannelNames.Parse(name) : (Core.Channel?)null;
                var sources = paths.Select(p => new IngestSource(p, forced, result.GetValue(mapping))).ToList();
                InputFiles.CheckInputs(sources);
                trained = await models.TrainAsync(environment.CreateInputReader().ReadAsync(sources, ct), result.GetValue(count), directory, ct, code).ConfigureAwait(false);
            }
            else
            {
                await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
                trained = await models.TrainAsync(store.ReadAsync(null, ct), result.GetValue(count), directory, ct, code).ConfigureAwait(false);
            }

            var added = trained.Topics.Count(t => t.New);
            var fresh = added > 0 ? $"; {added} new topic(s): {string.Join(", ", trained.Topics.Where(t => t.New).Select(t => t.Id))}" : "";
            var retired = trained.Model.RetiredIds.Count > 0 ? $"; retired ids: {string.Join(", ", trained.Model.RetiredIds)}" : "";
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"fitted {trained.Model.TopicCount} topics on {trained.Model.TrainingDocuments:N0} documents in {trained.Elapsed.TotalSeconds:0.0} s{fresh}{retired}")).ConfigureAwait(false);
            await TopicsCommand.Write(environment.Output, trained.Topics, trained.Model).ConfigureAwait(false);
            await environment.Output.WriteLineAsync($"wrote {Path.Combine(directory, TopicFiles.ModelFile)}, {TopicInference.FileName}, {TopicFiles.MetadataFile} and {TopicFiles.TopicsFile}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
