using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>runs [--last N]</c>: the journal of ingest and scoring runs: what ran, on what, when, how long and how it ended.</summary>
public static class RunsCommand
{
    /// <summary>How many runs are listed without <c>--last</c>: a worker records a scoring run every few minutes.</summary>
    public const int DefaultLast = 20;

    public static Command Create()
    {
        var last = new Option<int>("--last") { Description = "How many of the latest runs to list.", DefaultValueFactory = _ => DefaultLast };
        var command = new Command("runs", "List the latest ingest and scoring runs: when, how long, status, counts and inputs (the run ids `quarantine --run` takes).") { last };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var count = result.GetValue(last);
            if (count < 1)
            {
                throw new ConfigurationException($"--last {count}: give the number of runs to list, 1 or more.");
            }

            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            var runs = await store.ListRunsAsync(count, ct).ConfigureAwait(false);
            var totals = await store.GetTotalsAsync(ct).ConfigureAwait(false);
            Write(environment.Output, runs, totals.Runs);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(TextWriter output, IReadOnlyList<IngestRun> runs, long total)
    {
        var console = Terminal.SummaryTable.ConsoleFor(output, redirectedWidth: 200);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Run").RightAligned());
        table.AddColumn("Kind");
        table.AddColumn("Started (UTC)");
        table.AddColumn(new TableColumn("Took").RightAligned());
        table.AddColumn("Status");
        foreach (var column in new[] { "Files", "Read", "Stored", "Duplicates", "Rejected" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddColumn("Inputs");
        foreach (var run in runs)
        {
            var counts = run.Counts;
            table.AddRow(
                run.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(run.Kind),
                run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                run.FinishedAt is { } finished ? Took(finished - run.StartedAt) : "",
                run.Status.ToName(),
                Count(counts?.Files),
                Count(counts?.RecordsRead),
                Count(counts?.Stored),
                Count(counts?.Duplicates),
                Count(counts?.Rejected),
                Markup.Escape(string.Join(", ", run.Inputs)));
        }

        console.Write(table);
        output.WriteLine(runs.Count < total ? $"the latest {runs.Count:N0} of {total:N0} runs (--last N for more)" : $"{total:N0} runs");
    }

    private static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    private static string Took(TimeSpan took) => took.TotalMinutes < 1
        ? took.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{(int)took.TotalMinutes} min {took.Seconds} s");
}
