using System.Globalization;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;

namespace Pipeline.Reports.Trends;

/// <summary>
/// Every segment's counts per ISO week (in the reporting time zone), built in one pass over the rows a report reads;
/// memory grows with weeks × segments, not with interactions. Also the weeks that have any data at all, so
/// "no data for 2018-W40" can be told apart from a real zero, the topics of each segment (what drove a change),
/// and the few most typical interactions of each topic in each week.
/// </summary>
public sealed class WeeklyAggregates
{
    private readonly Dictionary<(ReportingWeek Week, Segment Segment), WeeklyMetrics> _metrics = [];
    private readonly Dictionary<(ReportingWeek Week, Segment Segment, int Topic), int> _segmentTopics = [];
    private readonly Dictionary<(ReportingWeek Week, int Topic), List<(string Id, double Weight)>> _samples = [];
    private readonly Dictionary<DateOnly, int> _days = [];
    private readonly SortedSet<ReportingWeek> _weeks = [];
    private readonly int _samplesPerTopic;

    private WeeklyAggregates(TimeZoneInfo zone, int samplesPerTopic)
    {
        Zone = zone;
        _samplesPerTopic = samplesPerTopic;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The weeks that hold at least one interaction, oldest first.</summary>
    public IReadOnlyCollection<ReportingWeek> Weeks => _weeks;

    /// <summary>Interactions read.</summary>
    public long Rows { get; private set; }

    public static async Task<WeeklyAggregates> BuildAsync(IAsyncEnumerable<ReportRow> rows, TimeZoneInfo zone, int samplesPerTopic, CancellationToken cancellationToken)
    {
        var aggregates = new WeeklyAggregates(zone, samplesPerTopic);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            aggregates.Add(row);
        }

        return aggregates;
    }

    public static WeeklyAggregates Build(IEnumerable<ReportRow> rows, TimeZoneInfo zone, int samplesPerTopic = 3)
    {
        var aggregates = new WeeklyAggregates(zone, samplesPerTopic);
        foreach (var row in rows)
        {
            aggregates.Add(row);
        }

        return aggregates;
    }

    public bool HasData(ReportingWeek week) => _weeks.Contains(week);

    public WeeklyMetrics Get(ReportingWeek week, Segment segment) =>
        _metrics.TryGetValue((week, segment), out var metrics) ? metrics : new WeeklyMetrics();

    /// <summary>
    /// The segments a report of <paramref name="week"/> compares: those with interactions in the week or in any of its
    /// baselines (a segment that vanished this week is a change too), "all" first, then by dimension and value.
    /// </summary>
    public IReadOnlyList<Segment> SegmentsOf(ReportingWeek week)
    {
        var weeks = new HashSet<ReportingWeek>(week.WeeksBefore(4)) { week, week.SameWeekLastYear };
        return _metrics.Keys.Where(k => weeks.Contains(k.Week)).Select(k => k.Segment).Distinct()
            .OrderBy(s => s == Segment.All ? 0 : 1)
            .ThenBy(s => Array.IndexOf(Segment.Dimensions, s.Dimension))
            .ThenBy(s => s.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Interactions per day (reporting zone) in [<paramref name="from"/>, <paramref name="toExclusive"/>).</summary>
    public int VolumeBetween(DateOnly from, DateOnly toExclusive)
    {
        var total = 0;
        for (var day = from; day < toExclusive; day = day.AddDays(1))
        {
            total += _days.GetValueOrDefault(day);
        }

        return total;
    }

    /// <summary>The weeks touching [<paramref name="from"/>, <paramref name="toExclusive"/>) that hold no interaction at all.</summary>
    public IReadOnlyList<ReportingWeek> WeeksWithoutData(DateOnly from, DateOnly toExclusive)
    {
        var weeks = new SortedSet<ReportingWeek>();
        for (var day = from; day < toExclusive; day = day.AddDays(1))
        {
            weeks.Add(ReportingWeek.Containing(day));
        }

        return weeks.Where(w => !HasData(w)).ToList();
    }

    /// <summary>How many interactions of the segment had each topic as their dominant one in the week.</summary>
    public int TopicVolume(ReportingWeek week, Segment segment, int topic) => _segmentTopics.GetValueOrDefault((week, segment, topic));

    public IEnumerable<int> TopicsOf(Segment segment, IReadOnlyCollection<ReportingWeek> weeks) =>
        _segmentTopics.Keys.Where(k => k.Segment == segment && weeks.Contains(k.Week)).Select(k => k.Topic).Distinct().Order();

    /// <summary>The first week in which the topic was any interaction's dominant topic, or <c>null</c>.</summary>
    public ReportingWeek? FirstWeekOf(int topic)
    {
        var segment = TopicSegment(topic);
        foreach (var week in _weeks)
        {
            if (_metrics.ContainsKey((week, segment)))
            {
                return week;
            }
        }

        return null;
    }

    /// <summary>Ids of the interactions of the week whose share of the topic is highest (most typical first).</summary>
    public IReadOnlyList<string> Samples(ReportingWeek week, int topic) =>
        _samples.TryGetValue((week, topic), out var list) ? list.Select(s => s.Id).ToList() : [];

    public static Segment TopicSegment(int topic) => new("topic", topic.ToString(CultureInfo.InvariantCulture));

    /// <summary>The segments a row counts in besides <see cref="Segment.All"/> and its topic: its channel, language, product, issue and company.</summary>
    public static Segment[] SegmentsOf(ReportRow row) =>
    [
        new("channel", row.Channel.ToName()),
        new("language", row.Language),
        new("product", row.Product ?? "(none)"),
        new("issue", row.Issue ?? "(none)"),
        new("company", row.Company ?? "(none)"),
    ];

    private void Add(ReportRow row)
    {
        Rows++;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.ReceivedAt, Zone).DateTime);
        var week = ReportingWeek.Containing(day);
        _weeks.Add(week);
        _days[day] = _days.GetValueOrDefault(day) + 1;

        var segments = SegmentsOf(row);
        Count(week, Segment.All, row);
        foreach (var segment in segments)
        {
            Count(week, segment, row);
        }

        if (row.TopicId is { } topic)
        {
            Count(week, TopicSegment(topic), row);
            foreach (var segment in segments.Append(Segment.All))
            {
                var key = (week, segment, topic);
                _segmentTopics[key] = _segmentTopics.GetValueOrDefault(key) + 1;
            }

            Sample(week, topic, row.Id, row.TopicWeight ?? 0);
        }
    }

    private void Sample(ReportingWeek week, int topic, string id, double weight)
    {
        if (_samplesPerTopic <= 0)
        {
            return;
        }

        if (!_samples.TryGetValue((week, topic), out var list))
        {
            _samples[(week, topic)] = list = [];
        }

        list.Add((id, weight));
        list.Sort((a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Id, b.Id));
        if (list.Count > _samplesPerTopic)
        {
            list.RemoveAt(list.Count - 1);
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
                metrics.SentimentSquares += score * score;
                metrics.Negative += row.SentimentClass == SentimentClass.Negative ? 1 : 0;
            }
        }

        metrics.Unscored += row.AngerLevel is null ? 1 : 0;
        switch (row.AngerLevel)
        {
            case AngerLevel.Watch:
                metrics.Watch++;
                break;
            case AngerLevel.High:
                metrics.High++;
                break;
            case AngerLevel.Critical:
                metrics.Critical++;
                break;
        }

        metrics.Repeat += row.RecentContacts is > 0 ? 1 : 0;
        metrics.BumpsSent += row.BumpsSent;
    }
}
