using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Time;
using Pipeline.Reports;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>report [--week 2019-W40 | --from 2019-W01 --to 2019-W40] [--out DIR]</c>: the weekly trend report of one week
/// (by default the last complete week that has data) or of every week in a range.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var week = new Option<string?>("--week") { Description = "The ISO week to report, e.g. 2019-W40 (default: the last complete week that has data)." };
        var from = new Option<string?>("--from") { Description = "First week of a range to backfill, e.g. 2019-W01 (with --to; weeks without data are skipped)." };
        var to = new Option<string?>("--to") { Description = "Last week of the range (default with --from: the last complete week that has data)." };
        var output = new Option<string?>("--out") { Description = "Folder for the reports (default Reports:OutputDirectory); each week goes to <out>/<yyyy>-W<ww>/." };
        var mail = new Option<string[]>("--mail") { Description = "Mail the week's summary with report.html attached to this address (repeatable), through the SMTP server of Reports:Mail." };
        var command = new Command("report", "Write the weekly trend report (HTML, Markdown, JSON, CSV, charts) of the last complete week, a given week or a range.")
        {
            week, from, to, output, mail,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var single = ParseWeek(result.GetValue(week), "--week");
            var first = ParseWeek(result.GetValue(from), "--from");
            var last = ParseWeek(result.GetValue(to), "--to");
            if (single is not null && (first is not null || last is not null))
            {
                throw new ConfigurationException("--week cannot be combined with --from/--to: give one week, or a range.");
            }

            if (last is not null && first is null)
            {
                throw new ConfigurationException("--to needs --from (the first week of the range).");
            }

            var recipients = result.GetValue(mail) ?? [];
            if (recipients.Length > 0)
            {
                if (first is not null)
                {
                    throw new ConfigurationException("--mail sends one week's report: give --week, or no week for the latest, not a range.");
                }

                var problems = environment.Settings.Reports.Mail.Problems(recipients, Environment.GetEnvironmentVariable).ToList();
                if (problems.Count > 0)
                {
                    throw new ConfigurationException(string.Join(Environment.NewLine, problems));
                }
            }

            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            var stage = environment.CreateReportStage(store);
            var directory = result.GetValue(output) ?? environment.Settings.Reports.OutputDirectory;
            if (first is { } rangeStart)
            {
                var rangeEnd = last ?? await stage.LatestCompleteWeekAsync(ct).ConfigureAwait(false) ?? throw await NoDataAsync(stage, ct).ConfigureAwait(false);
                await RangeAsync(environment, stage, rangeStart, rangeEnd, directory, ct).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var target = single ?? await stage.LatestCompleteWeekAsync(ct).ConfigureAwait(false) ?? throw await NoDataAsync(stage, ct).ConfigureAwait(false);
            var data = await stage.LoadAsync(target, target, ct).ConfigureAwait(false);
            await CheckAsync(stage, data, target, environment.Settings.Reports.TimeZone, ct).ConfigureAwait(false);
            var written = await WriteAsync(environment, stage, data, target, directory, ct).ConfigureAwait(false);
            if (recipients.Length > 0)
            {
                await MailAsync(environment, written, recipients, ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// The report of the latest complete week, as <c>run</c> ends and the worker's weekly job runs; says so when there is
    /// none. With <paramref name="onlyIfMissing"/>, a week whose report is already written is left alone.
    /// </summary>
    /// <returns>Whether a report was written.</returns>
    public static async Task<bool> LatestAsync(CliEnvironment environment, Core.Storage.IInteractionStore store, CancellationToken cancellationToken, bool onlyIfMissing = false)
    {
        var stage = environment.CreateReportStage(store);
        var logger = environment.Loggers.CreateLogger("report");
        if (await stage.LatestCompleteWeekAsync(cancellationToken).ConfigureAwait(false) is not { } week)
        {
            logger.LogWarning("No report: the store holds no complete week with interactions yet.");
            return false;
        }

        var directory = environment.Settings.Reports.OutputDirectory;
        if (onlyIfMissing && File.Exists(Path.Combine(directory, Pipeline.Reports.Output.ReportFolder.Name(week), "report.html")))
        {
            logger.LogInformation("The report of {Week} is already written", week);
            return false;
        }

        var data = await stage.LoadAsync(week, week, cancellationToken).ConfigureAwait(false);
        var report = await WriteAsync(environment, stage, data, week, directory, cancellationToken).ConfigureAwait(false);
        if (environment.Settings.Reports.Mail.To.Count > 0)
        {
            await MailAsync(environment, report, environment.Settings.Reports.Mail.To, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task RangeAsync(CliEnvironment environment, ReportStage stage, ReportingWeek first, ReportingWeek last, string directory, CancellationToken ct)
    {
        if (first > last)
        {
            throw new ConfigurationException($"--from {first} is after --to {last}.");
        }

        if (last >= stage.CurrentWeek)
        {
            throw new ConfigurationException($"--to {last} is not over yet in {environment.Settings.Reports.TimeZone}: end the range at {stage.CurrentWeek.Previous} or earlier.");
        }

        var weeks = new List<ReportingWeek>();
        for (var week = first; week <= last; week = week.AddWeeks(1))
        {
            weeks.Add(week);
        }

        var written = await WeeksAsync(environment, stage, weeks, directory, headlines: false, ct).ConfigureAwait(false);
        await environment.Output.WriteLineAsync($"{written.Count} weekly reports written to {directory} ({first} to {last}); {weeks.Count - written.Count} weeks without interactions skipped").ConfigureAwait(false);
        if (written.Count > 0)
        {
            await environment.Output.WriteLineAsync($"index of the weeks: {Path.Combine(directory, Pipeline.Reports.Output.ReportIndex.FileName)}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What <c>run</c> reports: every complete week that received new interactions in this run (all the weeks of a
    /// first import, a late arrival's week) and the latest complete week, whose summary ends the output. The worker's
    /// weekly job keeps to the latest complete week (<see cref="LatestAsync"/>).
    /// </summary>
    public static async Task NewWeeksAsync(CliEnvironment environment, Core.Storage.IInteractionStore store, IReadOnlyCollection<DateOnly> newDays, CancellationToken cancellationToken)
    {
        var stage = environment.CreateReportStage(store);
        var weeks = stage.CompleteWeeksOf(newDays).ToList();
        var latest = await stage.LatestCompleteWeekAsync(cancellationToken).ConfigureAwait(false);
        if (latest is { } last && (weeks.Count == 0 || weeks[^1] < last))
        {
            weeks.Add(last);
        }

        if (weeks.Count <= 1)
        {
            await LatestAsync(environment, store, cancellationToken).ConfigureAwait(false);
            return;
        }

        var directory = environment.Settings.Reports.OutputDirectory;
        var written = await WeeksAsync(environment, stage, weeks, directory, headlines: true, cancellationToken).ConfigureAwait(false);
        if (written.Count > 0 && environment.Settings.Reports.Mail.To.Count > 0)
        {
            await MailAsync(environment, written[^1], environment.Settings.Reports.Mail.To, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the report of each of <paramref name="weeks"/> (oldest first) that holds interactions, from one read of
    /// the store, then the index once; with <paramref name="headlines"/> the last one's summary and the index end the output.
    /// </summary>
    private static async Task<IReadOnlyList<ReportResult>> WeeksAsync(
        CliEnvironment environment, ReportStage stage, IReadOnlyList<ReportingWeek> weeks, string directory, bool headlines, CancellationToken ct)
    {
        var data = await stage.LoadAsync(weeks[0], weeks[^1], ct).ConfigureAwait(false);
        var withData = weeks.Where(data.HasData).ToList();
        var written = await stage.WriteWeeksAsync(data, withData, directory, report => ReportedAsync(environment, data, report, headlines: false), ct).ConfigureAwait(false);

        if (written.Count == 0)
        {
            return written;
        }

        var indexed = Pipeline.Reports.Output.ReportIndex.Update(directory);
        if (headlines)
        {
            // The latest week of an imported history is often its thin tail; the busiest week is where a reader starts.
            var last = written[^1];
            var busiest = written[0];
            foreach (var report in written)
            {
                busiest = Volume(report) >= Volume(busiest) ? report : busiest;
            }

            await environment.Output.WriteLineAsync($"{Wording.Plural(written.Count, "weekly report")} written ({withData[0]} to {withData[^1]}).").ConfigureAwait(false);
            await environment.Output.WriteLineAsync($"The latest, {last.Week} ({Wording.Plural(Volume(last), "interaction")}):").ConfigureAwait(false);
            await HeadlinesAsync(environment, last).ConfigureAwait(false);
            if (busiest != last)
            {
                await environment.Output.WriteLineAsync(
                    $"The busiest, {busiest.Week} ({Wording.Plural(Volume(busiest), "interaction")}, {Wording.Plural(busiest.Flagged, "flagged change")}): {Path.Combine(busiest.Directory, "report.html")}").ConfigureAwait(false);
                await HeadlinesAsync(environment, busiest).ConfigureAwait(false);
            }

            await environment.Output.WriteLineAsync($"index of the weeks: {last.Index} ({Wording.Plural(indexed.Count, "week")})").ConfigureAwait(false);
        }

        return written;

        int Volume(ReportResult report) => data.Get(report.Week, Segment.All).Volume;
    }

    /// <summary>Mails a written report; a failure to send is a <see cref="ReportDeliveryException"/> that says the report is written.</summary>
    public static async Task MailAsync(CliEnvironment environment, ReportResult report, IReadOnlyCollection<string> recipients, CancellationToken ct)
    {
        var options = environment.Settings.Reports.Mail;
        try
        {
            await environment.CreateReportSender().SendAsync(report, recipients, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new ReportDeliveryException(
                $"The report of {report.Week} is written ({Path.Combine(report.Directory, "report.html")}) but could not be mailed through {options.Host}:{options.Port}: {ex.Message}", ex);
        }

        await environment.Output.WriteLineAsync($"mailed the report of {report.Week} to {string.Join(", ", recipients)}").ConfigureAwait(false);
    }

    /// <summary>Writes the report of one week (the index refreshed) and says what it holds, with its headlines.</summary>
    private static async Task<ReportResult> WriteAsync(
        CliEnvironment environment, ReportStage stage, WeeklyAggregates data, ReportingWeek week, string directory, CancellationToken ct)
    {
        var report = await stage.WriteAsync(data, week, directory, ct).ConfigureAwait(false);
        await ReportedAsync(environment, data, report, headlines: true).ConfigureAwait(false);
        return report;
    }

    /// <summary>Says what the report of one week holds (and warns of its interactions not scored yet).</summary>
    private static async Task ReportedAsync(CliEnvironment environment, WeeklyAggregates data, ReportResult report, bool headlines)
    {
        var week = report.Week;
        var unscored = data.Get(week, Segment.All).Unscored;
        if (unscored > 0)
        {
            environment.Loggers.CreateLogger("report").LogWarning(
                "{Unscored} interactions of {Week} have no score yet: they count in volumes but not in sentiment or anger (run `score` first)", unscored, week);
        }

        await environment.Output.WriteLineAsync(
            $"report {week}: {Wording.Plural(data.Get(week, Segment.All).Volume, "interaction")}, {Wording.Plural(report.Flagged, "flagged change")} of {Wording.Plural(report.Tests, "test")}, written to {Path.Combine(report.Directory, "report.html")}").ConfigureAwait(false);
        if (headlines)
        {
            await HeadlinesAsync(environment, report).ConfigureAwait(false);
            if (report.IndexedWeeks is { } indexed)
            {
                await environment.Output.WriteLineAsync($"index of the weeks: {report.Index} ({Wording.Plural(indexed, "week")})").ConfigureAwait(false);
            }
        }
    }

    private static async Task HeadlinesAsync(CliEnvironment environment, ReportResult report)
    {
        foreach (var (line, n) in report.Headlines.Select((h, i) => (h, i + 1)))
        {
            await environment.Output.WriteLineAsync($"  {n}. {line}").ConfigureAwait(false);
        }
    }

    private static async Task CheckAsync(ReportStage stage, WeeklyAggregates data, ReportingWeek week, string zone, CancellationToken cancellationToken)
    {
        if (week >= stage.CurrentWeek)
        {
            throw new ConfigurationException($"{week} is not over yet in {zone} (it ends {week.End:yyyy-MM-dd}): report {stage.CurrentWeek.Previous} or an earlier week.");
        }

        if (!data.HasData(week))
        {
            var stored = await stage.StoredWeeksAsync(cancellationToken).ConfigureAwait(false);
            throw new ConfigurationException(stored is { } span
                ? $"No interactions in {week}: the store holds interactions from {span.First} to {span.Last}."
                : "The store holds no interactions: ingest first (`run` or `ingest`).");
        }
    }

    private static async Task<ConfigurationException> NoDataAsync(ReportStage stage, CancellationToken cancellationToken) =>
        await stage.StoredWeeksAsync(cancellationToken).ConfigureAwait(false) is { } span
            ? new ConfigurationException($"The store holds no complete week with interactions yet (the first is {span.First}).")
            : new ConfigurationException("The store holds no interactions: ingest first (`run` or `ingest`).");

    internal static ReportingWeek? ParseWeek(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return ReportingWeek.TryParse(text, out var week)
            ? week
            : throw new ConfigurationException($"{option} '{text}' is not an ISO week: write it as 2019-W40 (weeks 1 to 52, or 53 in long years).");
    }
}
