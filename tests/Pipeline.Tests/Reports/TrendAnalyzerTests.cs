using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports;
using Pipeline.Reports.Trends;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>The comparisons of <see cref="ReportFixture"/>: the planted changes are flagged, the drift and the steady segments are not.</summary>
public class TrendAnalyzerTests
{
    private static IReadOnlyList<Comparison> Analyze(ReportOptions? options = null) =>
        new TrendAnalyzer(options ?? new ReportOptions()).Compare(ReportFixture.Aggregates(), ReportFixture.Last);

    private static Comparison Find(IReadOnlyList<Comparison> all, string dimension, string value, Metric metric, Baseline baseline) =>
        all.Single(c => c.Segment == new Segment(dimension, value) && c.Metric == metric && c.Baseline == baseline);

    [Test]
    public void Compare_PlantedSpike_IsFlaggedAgainstEveryRecentBaseline()
    {
        var all = Analyze();

        var average = Find(all, "product", "Mortgage", Metric.Volume, Baseline.FourWeekAverage);
        var previous = Find(all, "product", "Mortgage", Metric.Volume, Baseline.PreviousWeek);

        Assert.That((average.Flagged, previous.Flagged), Is.EqualTo((true, true)));
        Assert.That(average.Change, Is.EqualTo(2.0).Within(0.1), "120 against about 40");
        Assert.That(average.QValue, Is.LessThan(0.001));
        Assert.That(average.BaselineLabel, Is.EqualTo("2019-W36…2019-W39"));
    }

    [Test]
    public void Compare_SlowDrift_IsNotFlagged()
    {
        var drift = Analyze().Where(c => c.Segment == new Segment("product", "Student loan") && c.Baseline != Baseline.SameWeekLastYear);

        Assert.That(drift.Where(c => c.Flagged), Is.Empty);
    }

    [Test]
    public void Compare_TopicFromNothing_IsFlaggedAsAChangeFromZero()
    {
        var topic = Find(Analyze(), "topic", "9", Metric.Volume, Baseline.FourWeekAverage);

        Assert.That(topic.Value, Is.EqualTo(15));
        Assert.That(topic.BaselineValue, Is.Zero);
        Assert.That(topic.Change, Is.EqualTo(double.PositiveInfinity));
        Assert.That(topic.Flagged, Is.True);
    }

    [Test]
    public void Compare_NoHistoryAYearBack_SaysSoInsteadOfAChange()
    {
        var lastYear = Find(Analyze(), "all", "all", Metric.Volume, Baseline.SameWeekLastYear);

        Assert.That(lastYear.Missing, Is.EqualTo("no data for 2018-W40"));
        Assert.That((lastYear.Change, lastYear.PValue, lastYear.Flagged), Is.EqualTo(((double?)null, (double?)null, false)));
    }

    [Test]
    public void Compare_SteadySegment_IsNotFlagged()
    {
        var steady = Analyze().Where(c => c.Segment == new Segment("product", "Credit reporting") && c.Metric != Metric.Volume);

        Assert.That(steady.Where(c => c.Flagged), Is.Empty);
    }

    [Test]
    public void Compare_EveryFigure_HasAllThreeBaselinesForEverySegment()
    {
        var all = Analyze();

        var perSegment = all.Where(c => c.Baseline != Baseline.PreviousMonthToDate).GroupBy(c => c.Segment);

        Assert.That(perSegment.Select(g => g.Count()).Distinct(), Is.EqualTo(new[] { Metric.All.Length * 3 }));
        Assert.That(all.Count(c => c.Baseline == Baseline.PreviousMonthToDate), Is.EqualTo(1));
    }

    [Test]
    public void Compare_SmallSegment_IsNotTestedAndSaysWhy()
    {
        var calls = Find(Analyze(), "channel", "call", Metric.Volume, Baseline.FourWeekAverage);

        Assert.That(calls.PValue, Is.Null);
        Assert.That(calls.Note, Is.EqualTo("fewer than 10 interactions"));
        Assert.That(calls.Flagged, Is.False);
    }

    [Test]
    public void Compare_MinimumEffectRaised_UnflagsTheSpike()
    {
        var all = Analyze(new ReportOptions { MinRelativeChange = 5 });

        Assert.That(Find(all, "product", "Mortgage", Metric.Volume, Baseline.FourWeekAverage).Flagged, Is.False);
    }

    [Test]
    public void Compare_OverdispersedHistory_UsesTheNegativeBinomial()
    {
        // Four weeks of 10, 40, 10, 40 (variance far above the mean), then 60: a Poisson test would call it certain.
        var week = new ReportingWeek(2020, 10);
        var rows = new List<ReportRow>();
        int[] counts = [10, 40, 10, 40, 60];
        for (var w = 0; w < counts.Length; w++)
        {
            for (var i = 0; i < counts[w]; i++)
            {
                rows.Add(new ReportRow($"c{w}-{i}", Channel.Complaint, new DateTimeOffset(week.AddWeeks(w - 4).Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(i),
                    "P", "I", "C", false, null, null, AngerLevel.None, null, null, 0));
            }
        }

        var comparison = new TrendAnalyzer(new ReportOptions()).Compare(WeeklyAggregates.Build(rows, TimeZoneInfo.Utc), week)
            .Single(c => c.Segment == Segment.All && c.Metric == Metric.Volume && c.Baseline == Baseline.FourWeekAverage);

        Assert.That(comparison.Test, Is.EqualTo("negative binomial test"));
        Assert.That(comparison.PValue, Is.GreaterThan(0.05), "60 against weeks of 10 to 40 is within their spread");
    }

    [Test]
    public void Compare_SentimentDrop_IsFlaggedWithWelchsTTest()
    {
        var week = new ReportingWeek(2020, 10);
        var rows = new List<ReportRow>();
        for (var w = 0; w < 5; w++)
        {
            for (var i = 0; i < 60; i++)
            {
                var score = (w == 4 ? -0.5 : 0.1) + ((i % 5) - 2) * 0.05;
                rows.Add(new ReportRow($"c{w}-{i}", Channel.Email, new DateTimeOffset(week.AddWeeks(w - 4).Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(i),
                    null, null, null, true, score < 0 ? SentimentClass.Negative : SentimentClass.Neutral, score, AngerLevel.None, null, null, 0));
            }
        }

        var comparison = new TrendAnalyzer(new ReportOptions()).Compare(WeeklyAggregates.Build(rows, TimeZoneInfo.Utc), week)
            .Single(c => c.Segment == Segment.All && c.Metric == Metric.MeanSentiment && c.Baseline == Baseline.FourWeekAverage);

        Assert.That(comparison.Test, Is.EqualTo("Welch's t-test"));
        Assert.That(comparison.Change, Is.EqualTo(-0.6).Within(1e-9));
        Assert.That(comparison.Flagged, Is.True);
    }

    [Test]
    public void Aggregates_TimeZone_PutsALateSundayIntoTheNextWeek()
    {
        // Sunday 2019-10-06 23:30 UTC is Monday 01:30 in Berlin: 2019-W41 there, 2019-W40 in UTC.
        var row = new ReportRow("x", Channel.Email, new DateTimeOffset(2019, 10, 6, 23, 30, 0, TimeSpan.Zero), null, null, null, true, SentimentClass.Neutral, 0, AngerLevel.None, null, null, 0);

        var utc = WeeklyAggregates.Build([row], TimeZoneInfo.Utc);
        var berlin = WeeklyAggregates.Build([row], TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.That((utc.Weeks.Single().ToString(), berlin.Weeks.Single().ToString()), Is.EqualTo(("2019-W40", "2019-W41")));
    }

    [TestCase("2019-W40", "2019-10-01", "2019-10-07", "2019-09-01", "2019-09-07")]
    [TestCase("2019-W13", "2019-03-01", "2019-04-01", "2019-02-01", "2019-03-01")] // W13 ends Sun 31 Mar; February has 28 days
    [TestCase("2020-W01", "2020-01-01", "2020-01-06", "2019-12-01", "2019-12-06")]
    public void MonthToDateSpan_Week_IsTheMonthOfItsSundayAgainstTheSameDaysBefore(string week, string start, string end, string previousStart, string previousEnd)
    {
        var span = TrendAnalyzer.MonthToDateSpan(ReportingWeek.Parse(week));

        Assert.That(span, Is.EqualTo((DateOnly.Parse(start), DateOnly.Parse(end), DateOnly.Parse(previousStart), DateOnly.Parse(previousEnd))));
    }
}
