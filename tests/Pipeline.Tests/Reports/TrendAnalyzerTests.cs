using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports;
using Pipeline.Reports.Trends;

namespace Pipeline.Tests.Reports;

/// <summary>
/// A multi-week fixture with known answers: product "Mortgage" triples in the last week, product "Student loan"
/// drifts up slowly (+2 % a week) and must not be flagged, topic 9 appears from nothing in the last week.
/// </summary>
public class TrendAnalyzerTests
{
    public static readonly ReportingWeek Last = new(2019, 40);

    public static IReadOnlyList<ReportRow> Fixture()
    {
        var rows = new List<ReportRow>();
        var n = 0;
        void Add(ReportingWeek week, string product, int count, int? topic = 1)
        {
            for (var i = 0; i < count; i++)
            {
                var at = new DateTimeOffset(week.Start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddHours(i % 120);
                rows.Add(new ReportRow($"complaint-{n++:D6}", Channel.Complaint, at, product, "Some issue", "Some bank", true,
                    i % 4 == 0 ? "negative" : "neutral", i % 4 == 0 ? -0.6 : 0.1, i % 10 == 0 ? "high" : "none", topic, 0));
            }
        }

        for (var w = 30; w >= 0; w--)
        {
            var week = Last.AddWeeks(-w);
            var wiggle = (w % 3) - 1; // -1, 0, +1: weeks are never exactly alike
            Add(week, "Credit reporting", 60 + 2 * wiggle);
            Add(week, "Mortgage", w == 0 ? 120 : 40 + wiggle);
            Add(week, "Student loan", (int)Math.Round(30 * Math.Pow(1.02, 30 - w)) + wiggle, topic: 2);
            if (w == 0)
            {
                Add(week, "Credit reporting", 15, topic: 9);
            }
        }

        return rows.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<Comparison> Analyze() =>
        new TrendAnalyzer(new ReportOptions()).Compare(WeeklyAggregates.Build(Fixture(), TimeZoneInfo.Utc), Last);

    private static Comparison Find(IReadOnlyList<Comparison> all, string dimension, string value, string metric, Baseline baseline) =>
        all.Single(c => c.Segment == new Segment(dimension, value) && c.Metric == metric && c.Baseline == baseline);

    [Test]
    public void Compare_PlantedSpike_IsFlaggedAgainstEveryRecentBaseline()
    {
        var all = Analyze();

        var average = Find(all, "product", "Mortgage", Metrics.Volume, Baseline.FourWeekAverage);
        var previous = Find(all, "product", "Mortgage", Metrics.Volume, Baseline.PreviousWeek);

        Assert.That((average.Flagged, previous.Flagged), Is.EqualTo((true, true)));
        Assert.That(average.Change, Is.EqualTo(2.0).Within(0.1), "120 against about 40");
        Assert.That(average.QValue, Is.LessThan(0.001));
    }

    [Test]
    public void Compare_SlowDrift_IsNotFlagged()
    {
        var drift = Analyze().Where(c => c.Segment == new Segment("product", "Student loan") && c.Baseline != Baseline.SameWeekLastYear);

        Assert.That(drift.Where(c => c.Flagged), Is.Empty);
    }

    [Test]
    public void Compare_TopicFromNothing_IsFlagged()
    {
        var topic = Find(Analyze(), "topic", "9", Metrics.Volume, Baseline.FourWeekAverage);

        Assert.That(topic.Value, Is.EqualTo(15));
        Assert.That(topic.BaselineValue, Is.Zero);
        Assert.That(topic.Flagged, Is.True);
    }

    [Test]
    public void Compare_NoHistoryAYearBack_SaysSoInsteadOfAChange()
    {
        var lastYear = Find(Analyze(), "all", "all", Metrics.Volume, Baseline.SameWeekLastYear);

        Assert.That(lastYear.Missing, Is.EqualTo("no data for 2018-W40"));
        Assert.That((lastYear.Change, lastYear.PValue, lastYear.Flagged), Is.EqualTo(((double?)null, (double?)null, false)));
    }

    [Test]
    public void Compare_SteadySegment_IsNotFlagged()
    {
        var steady = Analyze().Where(c => c.Segment == new Segment("product", "Credit reporting") && c.Metric != Metrics.Volume);

        Assert.That(steady.Where(c => c.Flagged), Is.Empty);
    }
}
