using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;

namespace Pipeline.Reports.Trends;

/// <summary>
/// Every segment's counts per ISO week (in the reporting time zone), built in one pass over the store's rows;
/// memory grows with weeks × segments, not with interactions. Also the weeks that have any data at all, so
/// "no data for 2018-W40" can be told apart from a real zero.
/// </summary>
public sealed class WeeklyAggregates
{
    private readonly Dictionary<(ReportingWeek Week, Segment Segment), WeeklyMetrics> _metrics = [];
    private readonly Dictionary<(ReportingWeek Week, string Product, int Topic), int> _productTopics = [];
    private readonly Dictionary<DateOnly, int> _days = [];
    private readonly SortedSet<ReportingWeek> _weeks = [];

    private WeeklyAggregates(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    public IReadOnlyCollection<ReportingWeek> Weeks => _weeks;

    public IEnumerable<Segment> Segments => _metrics.Keys.Select(k => k.Segment).Distinct();

    public static async Task<WeeklyAggregates> BuildAsync(IAsyncEnumerable<ReportRow> rows, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var aggregates = new WeeklyAggregates(zone);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            aggregates.Add(row);
        }

        return aggregates;
    }

    public static WeeklyAggregates Build(IEnumerable<ReportRow> rows, TimeZoneInfo zone)
    {
        var aggregates = new WeeklyAggregates(zone);
        foreach (var row in rows)
        {
            aggregates.Add(row);
        }

        return aggregates;
    }

    public bool HasData(ReportingWeek week) => _weeks.Contains(week);

    public WeeklyMetrics Get(ReportingWeek week, Segment segment) =>
        _metrics.TryGetValue((week, segment), out var metrics) ? metrics : new WeeklyMetrics();

    /// <summary>Interactions per day (reporting zone), for month-to-date figures.</summary>
    public int VolumeBetween(DateOnly from, DateOnly toExclusive)
    {
        var total = 0;
        for (var day = from; day < toExclusive; day = day.AddDays(1))
        {
            total += _days.GetValueOrDefault(day);
        }

        return total;
    }

    public int ProductTopicVolume(ReportingWeek week, string product, int topic) => _productTopics.GetValueOrDefault((week, product, topic));

    public IEnumerable<int> TopicsOf(string product, ReportingWeek week) =>
        _productTopics.Keys.Where(k => k.Week == week && k.Product == product).Select(k => k.Topic);

    private void Add(ReportRow row)
    {
        var local = TimeZoneInfo.ConvertTime(row.ReceivedAt, Zone);
        var week = ReportingWeek.Containing(DateOnly.FromDateTime(local.DateTime));
        _weeks.Add(week);
        var day = DateOnly.FromDateTime(local.DateTime);
        _days[day] = _days.GetValueOrDefault(day) + 1;

        Count(week, Segment.All, row);
        Count(week, new Segment("channel", row.Channel.ToName()), row);
        Count(week, new Segment("product", row.Product ?? "(none)"), row);
        Count(week, new Segment("issue", row.Issue ?? "(none)"), row);
        Count(week, new Segment("company", row.Company ?? "(none)"), row);
        if (row.TopicId is { } topic)
        {
            Count(week, new Segment("topic", topic.ToString(System.Globalization.CultureInfo.InvariantCulture)), row);
            var key = (week, row.Product ?? "(none)", topic);
            _productTopics[key] = _productTopics.GetValueOrDefault(key) + 1;
        }
    }

    private void Count(ReportingWeek week, Segment segment, ReportRow row)
    {
        if (!_metrics.TryGetValue((week, segment), out var metrics))
        {
            _metrics[(week, segment)] = metrics = new WeeklyMetrics();
        }

        metrics.Volume++;
        if (row.HasText)
        {
            metrics.WithText++;
            if (row.SentimentScore is { } score)
            {
                metrics.Scored++;
                metrics.SentimentSum += score;
                metrics.Negative += row.SentimentClass == "negative" ? 1 : 0;
            }
        }

        switch (row.AngerLevel)
        {
            case "watch":
                metrics.Watch++;
                break;
            case "high":
                metrics.High++;
                break;
            case "critical":
                metrics.Critical++;
                break;
        }

        metrics.Repeat += row.RecentContacts is > 0 ? 1 : 0;
    }
}
