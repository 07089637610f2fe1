using Pipeline.Core;
using Pipeline.Core.Time;
using Pipeline.Reports.Trends;

namespace Pipeline.Reports.Weekly;

/// <summary>
/// Everything one weekly report says, before it is written out as HTML, Markdown, JSON and CSV. Built by
/// <see cref="WeeklyReportBuilder"/>; nothing in it depends on when it was built but <see cref="GeneratedAt"/>.
/// </summary>
/// <param name="Headlines">Five plain sentences, the most important first.</param>
/// <param name="Comparisons">Every figure of every segment against every baseline, tested or not.</param>
/// <param name="Breakdowns">One table per dimension (channel, product, issue, company, topic), largest first.</param>
/// <param name="History">The weeks of the charts, oldest first, ending with the reported week.</param>
public sealed record WeeklyReport(
    ReportingWeek Week,
    string TimeZone,
    DateTimeOffset GeneratedAt,
    string Store,
    WeeklyMetrics Totals,
    IReadOnlyList<string> Headlines,
    IReadOnlyList<Comparison> Comparisons,
    IReadOnlyList<Breakdown> Breakdowns,
    IReadOnlyList<EmergingTopic> EmergingTopics,
    IReadOnlyList<WeekSeries> History,
    IReadOnlyDictionary<int, string> TopicLabels,
    ReportOptions Options)
{
    public IEnumerable<Comparison> Flagged => Comparisons.Where(c => c.Flagged);

    /// <summary>The comparisons of one segment's figure, one per baseline.</summary>
    public IEnumerable<Comparison> Of(Segment segment, Metric metric) =>
        Comparisons.Where(c => c.Segment == segment && c.Metric == metric);

    public int TestCount => Comparisons.Count(c => c.PValue is not null);

    /// <summary>"topic 7 'credit report errors'", "Russian", "product 'Mortgage'", "all interactions".</summary>
    public string Describe(Segment segment) => segment.Dimension == "topic"
        && int.TryParse(segment.Value, System.Globalization.CultureInfo.InvariantCulture, out var id)
        ? $"topic {id} '{TopicLabel(id)}'"
        : segment.Dimension == "language" ? Languages.Describe(segment.Value)
        : segment.ToString();

    public string TopicLabel(int id) => TopicLabels.TryGetValue(id, out var label) ? label : $"topic {id}";
}

/// <summary>One row of a breakdown table: a segment's figures in the reported week and its baselines.</summary>
public sealed record BreakdownRow(Segment Segment, string Label, WeeklyMetrics Week, WeeklyMetrics PreviousWeek, double FourWeekAverageVolume, WeeklyMetrics? SameWeekLastYear);

/// <summary>The rows of one dimension (every value seen in the week or its baselines), largest this week first.</summary>
public sealed record Breakdown(string Dimension, IReadOnlyList<BreakdownRow> Rows);

/// <summary>A topic that is new (no earlier week had it) or rising significantly, with a few typical interactions.</summary>
public sealed record EmergingTopic(int Id, string Label, int Volume, double? FourWeekAverage, bool New, ReportingWeek? FirstSeen, double? Change, double? QValue, IReadOnlyList<TopicExample> Examples);

/// <summary>A redacted excerpt of an interaction, as stored (personal data already replaced by [EMAIL], [PHONE]…).</summary>
public sealed record TopicExample(string Id, string Channel, DateTimeOffset ReceivedAt, string Excerpt);

/// <summary>
/// One week of the charts: every figure of all interactions, by channel, by topic, and the sentiment baseline band
/// (the four weeks before: their mean sentiment ± 1.96 standard errors at this week's size).
/// </summary>
public sealed record WeekSeries(
    ReportingWeek Week,
    bool HasData,
    WeeklyMetrics All,
    IReadOnlyDictionary<string, int> Channels,
    IReadOnlyDictionary<int, int> Topics,
    double? BaselineSentiment,
    double? BaselineLow,
    double? BaselineHigh);
