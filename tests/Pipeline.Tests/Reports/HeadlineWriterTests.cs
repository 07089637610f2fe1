using Pipeline.Core.Time;
using Pipeline.Reports.Weekly;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

public class HeadlineWriterTests
{
    [Test]
    public async Task Write_FixtureWeek_LeadsWithThePlantedChangesAndWhatDroveThem()
    {
        var headlines = (await ReportFixture.ReportAsync()).Headlines;

        TestContext.Out.WriteLine(string.Join("\n", headlines));
        Assert.That(headlines, Has.Count.EqualTo(5));
        Assert.That(headlines[0], Does.StartWith("Interactions rose 60 % against the 4-week average (2019-W36…2019-W39): 250 against 156.5 (adjusted p < 0.001)"));
        Assert.That(headlines[0], Does.EndWith("driven by topic 'escrow and payments' (+79)."));
        Assert.That(headlines, Has.Some.StartsWith("Contacts about product 'Mortgage' rose 198 % against the 4-week average"));
        Assert.That(headlines, Has.Some.StartsWith("Contacts on topic 9 'collection calls at work' appeared from nothing: 15 this week, none in the 4-week average"));
        Assert.That(headlines, Has.None.Contains("Student loan"), "a slow drift is not news");
    }

    [Test]
    public async Task Write_QuietWeek_FillsWithThePlainFactsOfTheWeek()
    {
        var data = ReportFixture.Aggregates();
        var quiet = new ReportingWeek(2019, 35);

        var report = await new WeeklyReportBuilder(ReportFixture.Options()).BuildAsync(data, quiet, ReportFixture.TopicLabels,
            (_, _) => Task.FromResult<IReadOnlyList<TopicExample>>([]), DateTimeOffset.UnixEpoch, "test", CancellationToken.None);

        TestContext.Out.WriteLine(string.Join("\n", report.Headlines));
        Assert.That(report.Flagged, Is.Empty);
        Assert.That(report.Headlines, Has.Count.EqualTo(5));
        Assert.That(report.Headlines[0], Does.Match(@"^1\d\d interactions this week \(complaint 1\d\d, email 3, call 2\); [−+]\d+ % against the 4-week average \(2019-W31…2019-W34\) of [\d.]+ \(no significant change, adjusted p = [\d.]+\)"));
        Assert.That(report.Headlines[1], Does.StartWith("Mean sentiment was "));
        Assert.That(report.Headlines[2], Does.StartWith("Anger escalations: "));
        Assert.That(report.Headlines[3], Is.EqualTo("There is no comparison with the same week last year: no data for 2018-W35."));
    }
}
