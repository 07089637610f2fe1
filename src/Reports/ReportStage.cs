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
public sealed record ReportResult(ReportingWeek Week, string Directory, IReadOnlyList<string> Files, IReadOnlyList<string> Headlines, int Flagged, int Tests);

/// <summary>
/// The report stage: reads the store once (streaming, into weekly aggregates), then builds, draws and writes the
/// report of each requested week into <c>&lt;output&gt;/&lt;yyyy&gt;-W&lt;ww&gt;/</c>.
/// </summary>
public sealed class ReportStage(IReportSource store, ReportOptions options, IReadOnlyDictionary<int, string> topicLabels, TimeProvider time, ILogger logger)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    public async Task<WeeklyAggregates> LoadAsync(CancellationToken cancellationToken)
    {
        var data = await WeeklyAggregates.BuildAsync(store.ReadReportRowsAsync(cancellationToken), _zone, options.RepresentativeInteractions, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Read {Rows} interactions in {Weeks} weeks for reports", data.Rows, data.Weeks.Count);
        return data;
    }

    /// <summary>The week that holds the present moment in the reporting time zone (not complete yet).</summary>
    public ReportingWeek CurrentWeek => ReportingWeek.Containing(time.GetUtcNow(), _zone);

    /// <summary>The latest week that is over (in the reporting time zone) and holds any interaction, or <c>null</c>.</summary>
    public ReportingWeek? LatestCompleteWeek(WeeklyAggregates data)
    {
        var current = CurrentWeek;
        return data.Weeks.Where(w => w < current).Select(w => (ReportingWeek?)w).LastOrDefault();
    }

    public async Task<ReportResult> WriteAsync(WeeklyAggregates data, ReportingWeek week, string outputDirectory, CancellationToken cancellationToken)
    {
        ChartFont.Load(options.FontDirectory);
        var report = await new WeeklyReportBuilder(options)
            .BuildAsync(data, week, topicLabels, ExamplesAsync, time.GetUtcNow(), store.Description, cancellationToken).ConfigureAwait(false);
        var charts = WeeklyCharts.Render(report);
        var files = ReportFolder.Write(report, charts, outputDirectory);
        var directory = Path.Combine(outputDirectory, ReportFolder.Name(week));
        logger.LogInformation("Report {Week}: {Flagged} flagged changes of {Tests} tests, written to {Directory}", week, report.Flagged.Count(), report.TestCount, directory);
        return new ReportResult(week, directory, files, report.Headlines, report.Flagged.Count(), report.TestCount);
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
