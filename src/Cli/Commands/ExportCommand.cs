using System.CommandLine;
using System.Globalization;
using Pipeline.Reports.Export;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>export [--week W | --from W --to W] [--format csv|jsonl|parquet] [--out FILE]</c>: streams the interactions of the
/// weeks (all of them without a week) with their scores, topic label, anger and bump, as the store's
/// <c>interaction_scores</c> view holds them (README, "Scores an analyst can query").
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var week = new Option<string?>("--week") { Description = "The ISO week to export, e.g. 2019-W40 (in Reports:TimeZone, as the reports count weeks)." };
        var from = new Option<string?>("--from") { Description = "First week of a range, e.g. 2019-W01 (with --to)." };
        var to = new Option<string?>("--to") { Description = "Last week of the range (with --from)." };
        var format = new Option<string?>("--format") { Description = "csv, jsonl or parquet (default: the extension of --out, else csv)." };
        var output = new Option<string?>("--out") { Description = "The file to write (replaced whole once the export is complete; default: standard output, csv and jsonl only)." };
        var command = new Command("export", "Export interactions with their scores, topic label, anger level and bump status (CSV, JSON lines or Parquet).")
        {
            week, from, to, format, output,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var single = ReportCommand.ParseWeek(result.GetValue(week), "--week");
            var first = ReportCommand.ParseWeek(result.GetValue(from), "--from");
            var last = ReportCommand.ParseWeek(result.GetValue(to), "--to");
            var path = result.GetValue(output);
            var errors = new List<string>();
            if (single is not null && (first is not null || last is not null))
            {
                errors.Add("--week cannot be combined with --from/--to: give one week, or a range.");
            }

            if ((first is null) != (last is null))
            {
                errors.Add("--from and --to go together: give the first and the last week of the range.");
            }
            else if (first > last)
            {
                errors.Add($"--from {first} is after --to {last}.");
            }

            var chosen = result.GetValue(format) is { } named
                ? ExportFormats.Parse(named) ?? Invalid(errors, $"--format '{named}' is not one of csv, jsonl, parquet.")
                : path is not null ? ExportFormats.FromPath(path) ?? ExportFormat.Csv : ExportFormat.Csv;
            if (chosen == ExportFormat.Parquet && path is null)
            {
                errors.Add("Parquet is written to a file: give --out FILE.parquet.");
            }

            if (errors.Count > 0)
            {
                throw new ConfigurationException(string.Join(Environment.NewLine, errors));
            }

            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            await environment.SaveTopicLabelsAsync(store, ct).ConfigureAwait(false);
            DateTimeOffset? start = null, end = null;
            if ((single ?? first) is { } firstWeek)
            {
                (start, end) = environment.CreateReportStage(store).Window(firstWeek, single ?? last!.Value);
            }

            var rows = store.ReadScoredAsync(start, end, ct);
            if (path is null)
            {
                var stdout = Console.OpenStandardOutput();
                await InteractionExporter.WriteAsync(rows, stdout, chosen, ct).ConfigureAwait(false);
                await stdout.FlushAsync(ct).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // Written beside the file and moved over it once whole: a failed export leaves the previous file as it was.
            var full = Path.GetFullPath(path);
            var partial = full + ".partial";
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            long count;
            try
            {
                await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    count = await InteractionExporter.WriteAsync(rows, file, chosen, ct).ConfigureAwait(false);
                }

                File.Move(partial, full, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            var span = single is { } w ? $" of {w}" : first is { } f ? $" of {f} to {last}" : string.Empty;
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exported {count:N0} interactions{span} to {full} ({chosen.ToName()})")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ExportFormat Invalid(List<string> errors, string error)
    {
        errors.Add(error);
        return ExportFormat.Csv;
    }
}
