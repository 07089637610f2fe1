using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>The weekly report by language: a breakdown of its own, and a change in one language named as such.</summary>
public class LanguageBreakdownTests
{
    /// <summary>Thirty-one weeks of 100 English and 20 Russian complaints (and 3 Chinese), the Russian ones quadrupling in the last week.</summary>
    private static Task<WeeklyReport> ReportAsync()
    {
        var rows = new List<ReportRow>();
        var n = 0;
        for (var w = 30; w >= 0; w--)
        {
            var week = ReportFixture.Last.AddWeeks(-w);
            foreach (var (language, count) in new[] { (Languages.English, 100 + (w % 3)), (Languages.Russian, w == 0 ? 80 : 20 + (w % 2)), (Languages.Chinese, 3) })
            {
                for (var i = 0; i < count; i++)
                {
                    var at = new DateTimeOffset(week.Start.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddHours(i % 100);
                    rows.Add(new ReportRow($"c-{n++:D6}", Channel.Complaint, at, "Debt collection", "Some issue", "Some bank", true,
                        SentimentClass.Neutral, 0.1, AngerLevel.None, 1, 0.5, 0, Language: language));
                }
            }
        }

        var aggregates = WeeklyAggregates.Build(rows.OrderBy(r => r.ReceivedAt).ToList(), TimeZoneInfo.Utc);
        return new WeeklyReportBuilder(ReportFixture.Options()).BuildAsync(aggregates, ReportFixture.Last, new Dictionary<int, string> { [1] = "calls" },
            (_, _) => Task.FromResult<IReadOnlyList<TopicExample>>([]), new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), "sqlite:test.db", CancellationToken.None);
    }

    [Test]
    public async Task Build_InteractionsInThreeLanguages_BreaksTheWeekDownByLanguage()
    {
        var report = await ReportAsync();

        var languages = report.Breakdowns.Single(b => b.Dimension == "language").Rows.ToDictionary(r => r.Segment.Value, r => r.Week.Volume);
        Assert.That(languages, Is.EquivalentTo(new Dictionary<string, long> { ["en"] = 100, ["ru"] = 80, ["zh"] = 3 }));
        Assert.That(report.Breakdowns.Single(b => b.Dimension == "language").Rows.Select(r => r.Label), Is.EquivalentTo(new[] { "English", "Russian", "Chinese" }));
        Assert.That(report.Headlines, Has.Some.Contains("(complaint 183; English 100, Russian 80, Chinese 3)"));
    }

    [Test]
    public async Task Build_RussianContactsQuadruple_FlagsTheLanguageAndTheHeadlineNamesIt()
    {
        var report = await ReportAsync();

        Assert.That(report.Flagged.Select(c => c.Segment), Does.Contain(new Segment("language", Languages.Russian)));
        Assert.That(report.Flagged.Select(c => c.Segment), Does.Not.Contain(new Segment("language", Languages.English)));
        Assert.That(report.Headlines, Has.Some.StartsWith("Contacts in Russian rose"));
    }
}
