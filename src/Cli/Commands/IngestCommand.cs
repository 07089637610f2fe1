using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Terminal;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Ingest;

namespace Pipeline.Cli.Commands;

/// <summary><c>ingest PATH... [--channel complaint|email|call] [--mapping FILE]</c></summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders to ingest (folders are walked; each file's type picks its channel).",
            Arity = ArgumentArity.OneOrMore,
        };
        var channel = new Option<string?>("--channel") { Description = "Read every file as this channel, whatever its type." };
        channel.AcceptOnlyFromAmong("complaint", "email", "call");
        var mapping = new Option<string?>("--mapping") { Description = "A complaints mapping file (JSON) for CSVs that are not in the CFPB layout." };

        var command = new Command("ingest", "Ingest complaints CSVs, e-mails and call transcripts into the store.") { paths, channel, mapping };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var forced = result.GetValue(channel) is { } name ? ChannelNames.Parse(name) : (Channel?)null;
            var sources = result.GetValue(paths)!.Select(p => new IngestSource(p, forced, result.GetValue(mapping))).ToList();
            await IngestAsync(environment, sources, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The ingest every verb shares: progress while it runs, the summary table at the end.</summary>
    public static async Task<IngestSummary> IngestAsync(CliEnvironment environment, IReadOnlyList<IngestSource> sources, CancellationToken cancellationToken)
    {
        // Before the store is opened, so a mistyped path leaves nothing behind.
        InputFiles.CheckInputs(sources);

        // The store opens (on PostgreSQL: connects and, on a new database, migrates) while the stage reads the first batch.
        var opening = StoreOpening.Start(environment, cancellationToken);
        try
        {
            var stage = environment.CreateIngestStage(opening);
            var logger = environment.Loggers.CreateLogger("ingest");
            var summary = await ProgressDisplay.RunAsync(logger, environment.Time, progress => stage.RunAsync(sources, progress, cancellationToken)).ConfigureAwait(false);
            var store = await opening.ConfigureAwait(false);
            var totals = await store.GetTotalsAsync(cancellationToken).ConfigureAwait(false);
            SummaryTable.Write(environment.Output, summary, totals, store.Description);
            return summary;
        }
        finally
        {
            await StoreOpening.CloseAsync(opening).ConfigureAwait(false);
        }
    }
}
