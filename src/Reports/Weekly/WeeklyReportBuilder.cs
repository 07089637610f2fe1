using Pipeline.Core.Time;
using Pipeline.Reports.Statistics;
using Pipeline.Reports.Trends;

namespace Pipeline.Reports.Weekly;

/// <summary>Fetches redacted excerpts of the interactions with these ids (the store's text, cut to a length).</summary>
public delegate Task<IReadOnlyList<TopicExample>> ExampleSource(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

/// <summary>The week each of these topics was first any interaction's dominant topic, over the whole store (topics never seen are left out).</summary>
public delegate Task<IReadOnlyDictionary<int, ReportingWeek>> FirstSeenSource(IReadOnlyCollection<int> topics, CancellationToken cancellationToken);

/// <summary>
/// Turns the weekly aggregates into one week's report: the comparisons (<see cref="TrendAnalyzer"/>), the breakdown
/// tables, the emerging topics with their typical interactions, the chart history and the five headline sentences.
/// </summary>
public sealed class WeeklyReportBuilder(ReportOptions options)
{
    public async Task<WeeklyReport> BuildAsync(
        WeeklyAggregates data,
        ReportingWeek week,
        IReadOnlyDictionary<int, string> topicLabels,
        ExampleSource examples,
        DateTimeOffset generatedAt,
        string store,
        CancellationToken cancellationToken,
        FirstSeenSource? firstSeen = null)
    {
        var comparisons = new TrendAnalyzer(options).Compare(data, week);
        var segments = data.SegmentsOf(week);
        var breakdowns = Segment.Dimensions
            .Select(dimension => new Breakdown(dimension, segments.Where(s => s.Dimension == dimension)
                .Select(s => Row(data, week, s, topicLabels))
                .OrderByDescending(r => r.Week.Volume).ThenByDescending(r => r.FourWeekAverageVolume).ThenBy(r => r.Segment.Value, StringComparer.Ordinal)
                .ToList()))
            .ToList();

        var emerging = await EmergingTopicsAsync(data, week, comparisons, topicLabels, examples, firstSeen, cancellationToken).ConfigureAwait(false);
        var report = new WeeklyReport(week, options.TimeZone, generatedAt, store, data.Get(week, Segment.All), [], comparisons, breakdowns,
            emerging, History(data, week), topicLabels, options);
        return report with { Headlines = new HeadlineWriter(data).Write(report) };
    }

    private static BreakdownRow Row(WeeklyAggregates data, ReportingWeek week, Segment segment, IReadOnlyDictionary<int, string> topicLabels)
    {
        var label = segment.Dimension == "topic" && int.TryParse(segment.Value, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? $"{id}: {(topicLabels.TryGetValue(id, out var l) ? l : "topic " + segment.Value)}"
            : segment.Dimension == "language" ? Pipeline.Core.Languages.Describe(segment.Value)
            : segment.Value;
        var lastYear = week.SameWeekLastYear;
        return new BreakdownRow(segment, label, data.Get(week, segment), data.Get(week.Previous, segment),
            week.WeeksBefore(4).Average(w => data.Get(w, segment).Volume),
            data.HasData(lastYear) ? data.Get(lastYear, segment) : null);
    }

    private async Task<IReadOnlyList<EmergingTopic>> EmergingTopicsAsync(
        WeeklyAggregates data, ReportingWeek week, IReadOnlyList<Comparison> comparisons, IReadOnlyDictionary<int, string> topicLabels,
        ExampleSource examples, FirstSeenSource? firstSeen, CancellationToken cancellationToken)
    {
        var found = new List<(int Id, int Volume, double? Average, bool New, ReportingWeek? First, double? Change, double? Q)>();
        var topics = data.SegmentsOf(week).Where(s => s.Dimension == "topic" && data.Get(week, s).Volume > 0).ToList();
        var ids = topics.Select(s => int.Parse(s.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // The aggregates hold only the weeks the report compares: when they were read from a store, the store says
        // when each topic was first seen; aggregates of everything (tests) know it themselves.
        var firsts = firstSeen is null ? null : await firstSeen(ids, cancellationToken).ConfigureAwait(false);
        foreach (var segment in topics)
        {
            var id = int.Parse(segment.Value, System.Globalization.CultureInfo.InvariantCulture);
            var volume = data.Get(week, segment).Volume;
            var first = firsts is null ? data.FirstWeekOf(id) : firsts.TryGetValue(id, out var seen) ? seen : null;
            var average = comparisons.Single(c => c.Segment == segment && c.Metric == Metric.Volume && c.Baseline == Baseline.FourWeekAverage);
            var isNew = first == week;
            var rising = average.Flagged && average.Change > 0;
            if (isNew || rising)
            {
                found.Add((id, volume, average.BaselineValue, isNew, first, average.Change, average.QValue));
            }
        }

        found = found.OrderByDescending(t => t.New).ThenBy(t => t.Q ?? 1).ThenByDescending(t => t.Volume).ThenBy(t => t.Id).ToList();
        var sampled = found.SelectMany(t => data.Samples(week, t.Id).Take(options.RepresentativeInteractions)).ToList();
        var fetched = (await examples(sampled, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        return found.Select(t => new EmergingTopic(
                t.Id, topicLabels.TryGetValue(t.Id, out var label) ? label : $"topic {t.Id}", t.Volume, t.Average, t.New, t.First, t.Change, t.Q,
                data.Samples(week, t.Id).Take(options.RepresentativeInteractions).Where(fetched.ContainsKey).Select(i => fetched[i]).ToList()))
            .ToList();
    }

    /// <summary>The chart weeks: <see cref="ReportOptions.ChartWeeks"/> weeks ending with the reported one.</summary>
    private IReadOnlyList<WeekSeries> History(WeeklyAggregates data, ReportingWeek week)
    {
        var channels = new[] { "complaint", "email", "call" };
        var weeks = week.WeeksBefore(options.ChartWeeks - 1).Append(week).ToList();
        var topics = data.TopicsOf(Segment.All, weeks).Select(WeeklyAggregates.TopicSegment).ToList();
        return weeks.Select(w =>
        {
            var before = WeeklyMetrics.Sum(w.WeeksBefore(4).Select(b => data.Get(b, Segment.All)));
            var now = data.Get(w, Segment.All);
            double? mean = before.MeanSentiment, low = null, high = null;
            if (mean is { } m && before.SentimentVariance is { } variance && now.Scored > 0)
            {
                var halfWidth = 1.96 * Math.Sqrt(variance / now.Scored);
                (low, high) = (m - halfWidth, m + halfWidth);
            }

            return new WeekSeries(w, data.HasData(w), now,
                channels.ToDictionary(c => c, c => data.Get(w, new Segment("channel", c)).Volume),
                topics.ToDictionary(t => int.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture), t => data.Get(w, t).Volume),
                mean, low, high);
        }).ToList();
    }
}
