using System.Globalization;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Ingest;
using Spectre.Console;

namespace Pipeline.Cli.Terminal;

/// <summary>The table that ends an ingest: one row per file, the totals, and what the store now holds.</summary>
public static class SummaryTable
{
    /// <summary>A Spectre console on the output: colours on a terminal, plain text and a wide fixed width when redirected.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output, int redirectedWidth = 160)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (output != Console.Out || Console.IsOutputRedirected)
        {
            console.Profile.Width = redirectedWidth;
        }

        return console;
    }

    public static void Write(TextWriter output, IngestSummary summary, StoreTotals totals, string store)
    {
        var console = ConsoleFor(output);

        var table = new Table().Title($"Ingest run {summary.RunId}").Border(TableBorder.Simple);
        table.AddColumn("File");
        table.AddColumn("Channel");
        foreach (var column in new[] { "Read", "Stored", "Duplicates", "Rejected" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddColumn("Note");
        foreach (var file in summary.Files)
        {
            table.AddRow(
                Markup.Escape(file.Path),
                file.Channel?.ToName() ?? "-",
                N(file.RecordsRead), N(file.Stored), N(file.Duplicates), N(file.Rejected),
                file.Error is null ? string.Empty : Markup.Escape((file.Skipped ? "skipped: " : "error: ") + file.Error));
        }

        table.AddEmptyRow();
        table.AddRow(
            $"[bold]{summary.FilesRead} files[/]" + (summary.SkippedFiles > 0 ? $" ({summary.SkippedFiles} skipped)" : string.Empty),
            string.Empty,
            $"[bold]{N(summary.RecordsRead)}[/]", $"[bold]{N(summary.Stored)}[/]", $"[bold]{N(summary.Duplicates)}[/]", $"[bold]{N(summary.Rejected)}[/]",
            summary.UnreadableFiles > 0 ? $"[bold]{summary.UnreadableFiles} unreadable[/]" : string.Empty);
        console.Write(table);

        // The summary lines are plain text (never wrapped) so scripts can read them.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"files {summary.FilesRead}, records read {summary.RecordsRead:N0}, stored {summary.Stored:N0}, duplicates skipped {summary.Duplicates:N0}, " +
            $"rejected {summary.Rejected:N0}, unreadable files {summary.UnreadableFiles}, elapsed {summary.Elapsed.TotalSeconds:0.0} s, {summary.RecordsPerSecond:N0} records/s"));
        var channels = string.Join(", ", Enum.GetValues<Channel>().Select(c => $"{c.ToName()} {totals.Interactions.GetValueOrDefault(c):N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"store {store}: {totals.TotalInteractions:N0} interactions ({channels}), {totals.WithText:N0} with text, {totals.Customers:N0} linked customers, {totals.Quarantined:N0} quarantined"));
        if (summary.Rejected > 0)
        {
            output.WriteLine($"see the rejected items and their reasons with: quarantine --run {summary.RunId}");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
