using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Output;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports;

/// <summary>What one report run wrote.</summary>
/// <param name="Index">The reports folder's index.html, rewritten with this week.</param>
/// <param name="IndexedWeeks">How many weeks the index lists; <c>null</c> when the index was left for the caller to refresh.</param>
public sealed record ReportResult(ReportingWeek Week, string Directory, IReadOnlyList<string> Files, IReadOnlyList<string> Headlines, int Flagged, int Tests, string Index, int? IndexedWeeks);

/// <summary>
/// The report stage: reads from the store the weeks a report compares (streaming, into weekly aggregates), then
/// builds, draws and writes the report of each requested week into <c>&lt;output&gt;/&lt;yyyy&gt;-W&lt;ww&gt;/</c>.
/// </summary>
public sealed class ReportStage(IReportSource store, ReportOptions options, IReadOnlyDictionary<int, string> topicLabels, TimeProvider time, ILogger logger)
{
    /// <summary>Weeks before a reported week that its month-to-date baseline can reach back to (the 1st of the month before).</summary>
    private const int MonthWeeks = 10;

    private readonly TimeZoneInfo _zone = options.Zone();

    /// <summary>
    /// The weekly aggregates the reports of <paramref name="first"/> to <paramref name="last"/> need, and nothing more: each
    /// week's chart (<see cref="ReportOptions.ChartWeeks"/> weeks, each with the four before it), its month-to-date
    /// baseline and the same week last year. So a report's cost follows the weeks it compares, not the store's size.
    /// </summary>
    public async Task<WeeklyAggregates> LoadAsync(ReportingWeek first, ReportingWeek last, CancellationToken cancellationToken)
    {
        var data = await WeeklyAggregates.BuildAsync(RowsAsync(Windows(first, last), cancellationToken), _zone, options.RepresentativeInteractions, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Read {Rows} interactions in {Weeks} weeks for the reports of {First} to {Last}", data.Rows, data.Weeks.Count, first, last);
        return data;
    }

    /// <summary>The week that holds the present moment in the reporting time zone (not complete yet).</summary>
    public ReportingWeek CurrentWeek => ReportingWeek.Containing(time.GetUtcNow(), _zone);

    /// <summary>The latest week that is over (in the reporting time zone) and holds any interaction, or <c>null</c>.</summary>
    public async Task<ReportingWeek?> LatestCompleteWeekAsync(CancellationToken cancellationToken) =>
        await store.ReceivedSpanAsync(Instant(CurrentWeek.Start), cancellationToken).ConfigureAwait(false) is { } span
            ? ReportingWeek.Containing(span.Last, _zone)
            : null;

    /// <summary>
    /// The weeks that are over (in the reporting time zone) and hold any instant of the given UTC days, oldest first:
    /// the weeks whose reports new interactions received on those days change.
    /// </summary>
    public IReadOnlyList<ReportingWeek> CompleteWeeksOf(IEnumerable<DateOnly> utcDays)
    {
        var current = CurrentWeek;
        var weeks = new SortedSet<ReportingWeek>();
        foreach (var day in utcDays)
        {
            var (first, last) = ReportingWeek.Covering(day, _zone);
            foreach (var week in (ReadOnlySpan<ReportingWeek>)[first, last])
            {
                if (week < current)
                {
                    weeks.Add(week);
                }
            }
        }

        return [.. weeks];
    }

    /// <summary>The weeks of the first and the last interaction in the store, or <c>null</c> when it holds none.</summary>
    public async Task<(ReportingWeek First, ReportingWeek Last)?> StoredWeeksAsync(CancellationToken cancellationToken) =>
        await store.ReceivedSpanAsync(null, cancellationToken).ConfigureAwait(false) is { } span
            ? (ReportingWeek.Containing(span.First, _zone), ReportingWeek.Containing(span.Last, _zone))
            : null;

    /// <summary>The spans of days to read, oldest first, without overlaps.</summary>
    private List<(DateOnly From, DateOnly Until)> Windows(ReportingWeek first, ReportingWeek last)
    {
        var back = Math.Max(options.ChartWeeks + 4, MonthWeeks);
        List<(DateOnly From, DateOnly Until)> spans =
        [
            (first.SameWeekLastYear.Start, last.SameWeekLastYear.End),
            (first.AddWeeks(-back).Start, last.End),
        ];
        spans.Sort();
        var merged = new List<(DateOnly From, DateOnly Until)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.From <= merged[^1].Until)
            {
                merged[^1] = (merged[^1].From, span.Until > merged[^1].Until ? span.Until : merged[^1].Until);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private async IAsyncEnumerable<ReportRow> RowsAsync(List<(DateOnly From, DateOnly Until)> windows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (from, until) in windows)
        {
            await foreach (var row in store.ReadReportRowsAsync(Instant(from), Instant(until), cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    /// <summary>The instants the weeks <paramref name="first"/> to <paramref name="last"/> span in the report's time zone: [start, end).</summary>
    public (DateTimeOffset From, DateTimeOffset Until) Window(ReportingWeek first, ReportingWeek last) => (Instant(first.Start), Instant(last.End));

    /// <summary>Midnight starting <paramref name="day"/> in the reporting time zone (an hour later where that midnight does not exist).</summary>
    private DateTimeOffset Instant(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, _zone), TimeSpan.Zero);
    }

    /// <summary>
    /// Writes the report of <paramref name="week"/> into its folder under <paramref name="outputDirectory"/>, then (with
    /// <paramref name="refreshIndex"/>) the index of the weeks and every report's previous/next links. A caller writing
    /// many weeks passes <c>false</c> and calls <see cref="ReportIndex.Update"/> once at the end: the refresh reads every report.
    /// </summary>
    public async Task<ReportResult> WriteAsync(WeeklyAggregates data, ReportingWeek week, string outputDirectory, CancellationToken cancellationToken, bool refreshIndex = true)
    {
        ChartFont.Load(options.FontDirectory);
        var report = await new WeeklyReportBuilder(options)
            .BuildAsync(data, week, topicLabels, ExamplesAsync, time.GetUtcNow(), store.Description, cancellationToken, FirstSeenAsync).ConfigureAwait(false);
        var (weekStart, weekEnd) = Window(week, week);
        var behind = await FlaggedInteractions.FindAsync(
            report, store.ReadReportRowsAsync(weekStart, weekEnd, cancellationToken), TextsAsync,
            options.InteractionsPerFlaggedSegment, options.ExcerptCharacters, cancellationToken).ConfigureAwait(false);
        var charts = WeeklyCharts.Render(report);
        var files = ReportFolder.Write(report, charts, outputDirectory, behind);
        var indexed = refreshIndex ? ReportIndex.Update(outputDirectory) : null;
        var directory = Path.Combine(outputDirectory, ReportFolder.Name(week));
        logger.LogInformation("Report {Week}: {Flagged} flagged changes of {Tests} tests, written to {Directory}", week, report.Flagged.Count(), report.TestCount, directory);
        return new ReportResult(week, directory, files, report.Headlines, report.Flagged.Count(), report.TestCount,
            Path.Combine(outputDirectory, ReportIndex.FileName), indexed?.Count);
    }

    /// <summary>Reports written at once by <see cref="WriteWeeksAsync"/> at most, whatever the cores: each holds its tables and charts.</summary>
    public const int MaxWeeksAtOnce = 4;

    /// <summary>
    /// Writes the reports of <paramref name="weeks"/> (oldest first), as <see cref="WriteAsync"/> without refreshing the
    /// index, several at once (one a core, at most <see cref="MaxWeeksAtOnce"/>: most of a report's time is drawing and
    /// encoding its charts); hands each to
    /// <paramref name="written"/> in the order of <paramref name="weeks"/>, as soon as it and every one before it are
    /// written. A failure ends the run once the reports being written are done, none of them left running.
    /// </summary>
    public async Task<IReadOnlyList<ReportResult>> WriteWeeksAsync(
        WeeklyAggregates data, IReadOnlyList<ReportingWeek> weeks, string outputDirectory, Func<ReportResult, Task> written, CancellationToken cancellationToken)
    {
        var results = new ReportResult[weeks.Count];
        var writing = new Task<ReportResult>?[weeks.Count];
        using var slots = new SemaphoreSlim(Math.Clamp(Environment.ProcessorCount, 1, MaxWeeksAtOnce));
        var next = 0;
        try
        {
            for (var i = 0; i < weeks.Count; i++)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                var week = weeks[i];
                writing[i] = Task.Run(
                    async () =>
                    {
                        try
                        {
                            return await WriteAsync(data, week, outputDirectory, cancellationToken, refreshIndex: false).ConfigureAwait(false);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
                while (next < i && writing[next]!.IsCompleted)
                {
                    results[next] = await writing[next]!.ConfigureAwait(false);
                    await written(results[next++]).ConfigureAwait(false);
                }
            }

            while (next < weeks.Count)
            {
                results[next] = await writing[next]!.ConfigureAwait(false);
                await written(results[next++]).ConfigureAwait(false);
            }
        }
        catch
        {
            foreach (var task in writing)
            {
                if (task is not null)
                {
                    await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            throw;
        }

        return results;
    }

    private async Task<IReadOnlyDictionary<int, ReportingWeek>> FirstSeenAsync(IReadOnlyCollection<int> topics, CancellationToken cancellationToken)
    {
        var first = await store.TopicFirstReceivedAsync(topics, cancellationToken).ConfigureAwait(false);
        return first.ToDictionary(p => p.Key, p => ReportingWeek.Containing(p.Value, _zone));
    }

    private async Task<IReadOnlyDictionary<string, string>> TextsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var interactions = await store.ReadByIdsAsync(ids, cancellationToken).ConfigureAwait(false);
        return interactions.ToDictionary(i => i.Id, i => i.Text ?? "", StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<TopicExample>> ExamplesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var interactions = await store.ReadByIdsAsync(ids, cancellationToken).ConfigureAwait(false);
        return interactions.Select(i => new TopicExample(i.Id, i.Channel.ToName(), i.ReceivedAt, Excerpt(i.Text ?? "", options.ExcerptCharacters))).ToList();
    }

    /// <summary>The text cut at a word boundary near <paramref name="length"/> characters, with an ellipsis when cut.</summary>
    public static string Excerpt(string text, int length)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= length)
        {
            return trimmed;
        }

        var cut = trimmed.LastIndexOf(' ', length);
        return trimmed[..(cut > length / 2 ? cut : length)].TrimEnd() + " …";
    }
}
