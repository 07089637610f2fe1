using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Models.Topics;

namespace Pipeline.Cli.Commands;

/// <summary><c>topics [--json]</c>: the current topic models' topics (English's, and Russian's and Chinese's where fitted), with the analysts' labels as they are now.</summary>
public static class TopicsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print topics.json (one JSON array) instead of a table." };
        var command = new Command("topics", "Show the current topic model's topics: id, label, size, coherence and top terms.") { json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var directory = environment.Settings.Topics.ModelDirectory;
            var topics = environment.CurrentTopics()
                ?? throw new ConfigurationException($"No topic model in {directory}: fit one with `train topics` (or `run`, which fits one on first use).");
            if (result.GetValue(json))
            {
                await environment.Output.WriteLineAsync(JsonSerializer.Serialize(topics, TopicFiles.Json)).ConfigureAwait(false);
            }
            else
            {
                // Each language's model with its own topics (their ids are apart: English from 1, Russian from 1001, Chinese from 2001).
                foreach (var language in TopicOptions.ModelLanguages)
                {
                    if (TopicModel.ReadMetadata(environment.Settings.Topics.ModelDirectoryOf(language)) is not { } model)
                    {
                        continue;
                    }

                    var own = topics.Where(t => TopicOptions.LanguageOfId(t.Id) == language).ToList();
                    await environment.Output.WriteAsync($"{Core.Languages.Describe(language)}: ").ConfigureAwait(false);
                    await Write(environment.Output, own, model).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static async Task Write(TextWriter output, IReadOnlyList<TopicSummary> topics, TopicModelFile? model)
    {
        if (model is not null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{model.ModelVersion}: {model.TopicCount} topics fitted on {model.TrainingDocuments:N0} documents, mean C_v coherence {model.Coherence:0.000}")).ConfigureAwait(false);
        }

        foreach (var topic in topics)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{topic.Id,3}  {topic.Label}{(topic.New ? "  [new]" : "")}\n     {topic.Size:N0} documents, C_v {topic.Coherence:0.000}: {string.Join(", ", topic.Terms.Select(t => t.Term))}")).ConfigureAwait(false);
        }
    }
}
