using System.CommandLine;
using Pipeline.Core;
using Pipeline.Ingest;

namespace Pipeline.Cli.Commands;

/// <summary><c>run</c>: the main job. Ingests the configured sources (Ingest:Sources; the shipped sample by default), then scores what is new, delivers the priority bumps and writes the report of every complete week that received new interactions (every week of a first import) and of the latest complete week.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the main job: ingest the configured sources (by default the sample in data/), score, deliver priority bumps, and report every complete week with new interactions and the latest complete week.");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var sources = ConfiguredSources(environment);
            var ingested = await IngestCommand.IngestAsync(environment, sources, ct).ConfigureAwait(false);
            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            await ScoreCommand.ScoreAsync(environment, store, rescore: false, ct).ConfigureAwait(false);
            await DispatchCommand.DispatchAsync(environment, store, ct).ConfigureAwait(false);
            await ReportCommand.NewWeeksAsync(environment, store, ingested.NewDays, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What <c>run</c> and the worker ingest: Ingest:Sources (the shipped sample by default, drop folders in production).</summary>
    public static IReadOnlyList<IngestSource> ConfiguredSources(CliEnvironment environment)
    {
        var configured = environment.Settings.Ingest.Sources;
        if (configured.Count == 0)
        {
            throw new ConfigurationException("Ingest:Sources is empty: list the folders or files that `run` ingests.");
        }

        return configured
            .Select(s => new IngestSource(s.Path, string.IsNullOrEmpty(s.Channel) ? null : ChannelNames.Parse(s.Channel), string.IsNullOrEmpty(s.Mapping) ? null : s.Mapping,
                string.IsNullOrEmpty(s.Language) ? null : s.Language.Trim().ToLowerInvariant()))
            .ToList();
    }
}
