using System.Globalization;

namespace Pipeline.Core.Time;

/// <summary>
/// An ISO-8601 week: weeks start on Monday, and week 1 of a year is the week holding its first Thursday.
/// So 2018-12-31 (a Monday) falls in 2019-W01, and 2021-01-03 (a Sunday) in 2020-W53.
/// All prior-period arithmetic of the reports lives here.
/// </summary>
public readonly record struct ReportingWeek : IComparable<ReportingWeek>
{
    public ReportingWeek(int year, int week)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var weeks = ISOWeek.GetWeeksInYear(year);
        if (week < 1 || week > weeks)
        {
            throw new ArgumentOutOfRangeException(nameof(week), week, $"ISO year {year} has weeks 1 to {weeks}.");
        }

        Year = year;
        Week = week;
    }

    /// <summary>The ISO week-numbering year (not always the calendar year of every day in the week).</summary>
    public int Year { get; }

    public int Week { get; }

    /// <summary>The Monday that starts the week.</summary>
    public DateOnly Start => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    /// <summary>The Monday after the week (exclusive end).</summary>
    public DateOnly End => Start.AddDays(7);

    public static ReportingWeek Containing(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        return new ReportingWeek(ISOWeek.GetYear(dateTime), ISOWeek.GetWeekOfYear(dateTime));
    }

    /// <summary>The week holding the instant, seen from the given time zone.</summary>
    public static ReportingWeek Containing(DateTimeOffset instant, TimeZoneInfo zone) =>
        Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>
    /// The weeks, seen from the given time zone, that hold some instant of the UTC day <paramref name="utcDay"/>: one, or
    /// two when the zone's midnight before a Monday falls inside that day.
    /// </summary>
    public static (ReportingWeek First, ReportingWeek Last) Covering(DateOnly utcDay, TimeZoneInfo zone)
    {
        var start = new DateTimeOffset(utcDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (Containing(start, zone), Containing(start.AddDays(1).AddTicks(-1), zone));
    }

    public ReportingWeek AddWeeks(int weeks) => Containing(Start.AddDays(7 * weeks));

    public ReportingWeek Previous => AddWeeks(-1);

    /// <summary>
    /// The same ISO week number one year earlier. Week 53 has no twin in a 52-week year; there the
    /// last week of that year (W52) stands in.
    /// </summary>
    public ReportingWeek SameWeekLastYear
    {
        get
        {
            var year = Year - 1;
            return new ReportingWeek(year, Math.Min(Week, ISOWeek.GetWeeksInYear(year)));
        }
    }

    /// <summary>The <paramref name="count"/> weeks before this one, oldest first.</summary>
    public IReadOnlyList<ReportingWeek> WeeksBefore(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var weeks = new ReportingWeek[count];
        for (var i = 0; i < count; i++)
        {
            weeks[i] = AddWeeks(i - count);
        }

        return weeks;
    }

    /// <summary>Parses "2019-W40" (also "2019W40" and "2019-w40").</summary>
    public static ReportingWeek Parse(string text) =>
        TryParse(text, out var week)
            ? week
            : throw new FormatException($"'{text}' is not an ISO week; write it as 2019-W40.");

    public static bool TryParse(string? text, out ReportingWeek week)
    {
        week = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim().ToUpperInvariant().Replace("-W", "W", StringComparison.Ordinal);
        var w = t.IndexOf('W', StringComparison.Ordinal);
        if (w != 4
            || !int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        week = new ReportingWeek(year, number);
        return true;
    }

    public int CompareTo(ReportingWeek other) => Year != other.Year ? Year.CompareTo(other.Year) : Week.CompareTo(other.Week);

    public static bool operator <(ReportingWeek a, ReportingWeek b) => a.CompareTo(b) < 0;

    public static bool operator >(ReportingWeek a, ReportingWeek b) => a.CompareTo(b) > 0;

    public static bool operator <=(ReportingWeek a, ReportingWeek b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ReportingWeek a, ReportingWeek b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");
}
