using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

public class FlaggedInteractionsTests
{
    [Test]
    public async Task FindAsync_FixtureWeek_ListsEveryInteractionOfEachFlaggedSegmentAndShowsTheAngriestFirst()
    {
        var report = await ReportFixture.ReportAsync();
        var week = ReportFixture.Rows().Where(r => ReportingWeekOf(r) == ReportFixture.Last).ToList();
        var asked = new List<string>();

        var behind = await FlaggedInteractions.FindAsync(report, Rows(week), (ids, _) =>
        {
            asked.AddRange(ids);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(ids.ToDictionary(id => id, _ => ReportFixture.HostileText));
        }, shown: 5, excerptCharacters: 320, CancellationToken.None);

        var flagged = report.Flagged.Select(c => c.Segment).Where(s => s != Segment.All).Distinct().ToList();
        Assert.That(behind.Select(b => b.Segment), Is.EquivalentTo(flagged), "each flagged segment once; the whole week is not listed");
        var mortgage = behind.Single(b => b.Segment == new Segment("product", "Mortgage"));
        Assert.That(mortgage.All.Select(r => r.Id), Is.EquivalentTo(week.Where(r => r.Product == "Mortgage").Select(r => r.Id)));
        Assert.That(mortgage.Label, Is.EqualTo("product 'Mortgage'"));
        Assert.That(mortgage.Shown, Has.Count.EqualTo(5));
        Assert.That(mortgage.Shown.Select(s => s.Anger ?? AngerLevel.None), Is.Ordered.Descending, "the angriest first");
        Assert.That(mortgage.Shown.Select(s => s.Excerpt), Has.All.EqualTo(ReportFixture.HostileText), "the stored (redacted) text");
        Assert.That(asked, Is.Unique.And.Count.LessThanOrEqualTo(5 * flagged.Count), "only the texts shown are read");
    }

    [Test]
    public async Task FindAsync_NothingFlagged_ReadsNothing()
    {
        var report = await ReportFixture.ReportAsync();
        var quiet = report with { Comparisons = report.Comparisons.Where(c => !c.Flagged).ToList() };
        var read = false;

        var behind = await FlaggedInteractions.FindAsync(quiet, Rows(ReportFixture.Rows()), (_, _) =>
        {
            read = true;
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        }, 5, 320, CancellationToken.None);

        Assert.That(behind, Is.Empty);
        Assert.That(read, Is.False);
    }

    private static Pipeline.Core.Time.ReportingWeek ReportingWeekOf(ReportRow row) =>
        Pipeline.Core.Time.ReportingWeek.Containing(DateOnly.FromDateTime(row.ReceivedAt.UtcDateTime));

    private static async IAsyncEnumerable<ReportRow> Rows(IEnumerable<ReportRow> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
