using Pipeline.Core.Time;

namespace Pipeline.Tests.Core;

public class ReportingWeekTests
{
    [TestCase(2019, 10, 2, 2019, 40)]
    [TestCase(2018, 12, 31, 2019, 1)] // a Monday that belongs to the next ISO year
    [TestCase(2021, 1, 3, 2020, 53)] // a Sunday that belongs to week 53 of the year before
    [TestCase(2020, 12, 28, 2020, 53)]
    [TestCase(2016, 1, 1, 2015, 53)]
    [TestCase(2019, 12, 30, 2020, 1)]
    [TestCase(2024, 12, 29, 2024, 52)]
    public void Containing_Date_IsIsoWeek(int y, int m, int d, int expectedYear, int expectedWeek)
    {
        var week = ReportingWeek.Containing(new DateOnly(y, m, d));

        Assert.That((week.Year, week.Week), Is.EqualTo((expectedYear, expectedWeek)));
    }

    [TestCase("2019-W40", 2019, 9, 30)]
    [TestCase("2020-W01", 2019, 12, 30)]
    [TestCase("2020-W53", 2020, 12, 28)]
    public void Start_Week_IsItsMonday(string text, int y, int m, int d)
    {
        var week = ReportingWeek.Parse(text);

        Assert.That(week.Start, Is.EqualTo(new DateOnly(y, m, d)));
        Assert.That(week.End, Is.EqualTo(new DateOnly(y, m, d).AddDays(7)));
    }

    [TestCase(2019, 10, 2, "UTC", "2019-W40", "2019-W40")]
    [TestCase(2019, 10, 6, "UTC", "2019-W40", "2019-W40")] // a Sunday in UTC ends its week
    [TestCase(2019, 10, 6, "Europe/Berlin", "2019-W40", "2019-W41")] // Berlin's Monday starts at 22:00 UTC on Sunday
    [TestCase(2019, 10, 7, "America/New_York", "2019-W40", "2019-W41")] // New York's Monday starts at 04:00 UTC
    [TestCase(2019, 10, 2, "America/New_York", "2019-W40", "2019-W40")]
    [TestCase(2020, 12, 31, "Pacific/Kiritimati", "2020-W53", "2020-W53")]
    public void Covering_UtcDay_IsEveryWeekOfItsInstants(int y, int m, int d, string zone, string first, string last)
    {
        var (from, to) = ReportingWeek.Covering(new DateOnly(y, m, d), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.That((from.ToString(), to.ToString()), Is.EqualTo((first, last)));
    }

    [TestCase("2019-W01", "2018-W52")]
    [TestCase("2021-W01", "2020-W53")]
    [TestCase("2019-W40", "2019-W39")]
    public void Previous_Week_IsTheWeekBefore(string text, string expected)
    {
        Assert.That(ReportingWeek.Parse(text).Previous.ToString(), Is.EqualTo(expected));
    }

    [TestCase("2019-W40", "2018-W40")]
    [TestCase("2020-W53", "2019-W52")] // 2019 has no week 53
    [TestCase("2015-W53", "2014-W52")]
    [TestCase("2021-W52", "2020-W52")]
    [TestCase("2021-W01", "2020-W01")]
    public void SameWeekLastYear_Week_IsSameNumberOrLastWeek(string text, string expected)
    {
        Assert.That(ReportingWeek.Parse(text).SameWeekLastYear.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void WeeksBefore_Four_AreTheFourPrecedingWeeksOldestFirst()
    {
        var weeks = ReportingWeek.Parse("2020-W02").WeeksBefore(4).Select(w => w.ToString());

        Assert.That(weeks, Is.EqualTo(new[] { "2019-W50", "2019-W51", "2019-W52", "2020-W01" }));
    }

    [Test]
    public void Containing_InstantNearMidnight_UsesTheZone()
    {
        // Monday 2019-09-30 02:00 UTC is still Sunday evening in New York: week 39 there, week 40 in UTC.
        var instant = new DateTimeOffset(2019, 9, 30, 2, 0, 0, TimeSpan.Zero);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.That(ReportingWeek.Containing(instant, newYork).ToString(), Is.EqualTo("2019-W39"));
        Assert.That(ReportingWeek.Containing(instant, TimeZoneInfo.Utc).ToString(), Is.EqualTo("2019-W40"));
    }

    [TestCase("2019W40", true)]
    [TestCase("2019-w40", true)]
    [TestCase("2019-W54", false)]
    [TestCase("2019-W53", false)]
    [TestCase("2019-40", false)]
    [TestCase("", false)]
    public void TryParse_Text_AcceptsOnlyIsoWeeks(string text, bool valid)
    {
        Assert.That(ReportingWeek.TryParse(text, out _), Is.EqualTo(valid));
    }

    [Test]
    public void Parse_Invalid_ThrowsWithExample()
    {
        Assert.That(() => ReportingWeek.Parse("week 40"), Throws.TypeOf<FormatException>().With.Message.Contains("2019-W40"));
    }
}
