namespace Pipeline.Reports.Trends;

/// <summary>What a week's figure is compared with.</summary>
public enum Baseline
{
    /// <summary>The week before.</summary>
    PreviousWeek,

    /// <summary>The mean of the four weeks before.</summary>
    FourWeekAverage,

    /// <summary>The same ISO week one year earlier.</summary>
    SameWeekLastYear,

    /// <summary>Month to date against the same days of the previous month (volume of all interactions only).</summary>
    PreviousMonthToDate,
}

/// <summary>
/// One figure of one segment compared with one baseline: the values, the change, the test and its p-value, the
/// Benjamini–Hochberg q-value over the whole report, and whether it is flagged. <see cref="Missing"/> says why
/// there is no comparison ("no data for 2018-W40"); then there is no change, never a 0 % one.
/// </summary>
public sealed record Comparison(
    Segment Segment,
    string Metric,
    Baseline Baseline,
    string BaselineLabel,
    double Value,
    double? BaselineValue,
    double? Change,
    string? Missing,
    string? Test,
    double? PValue,
    double? QValue,
    bool Flagged)
{
    /// <summary>Counts change relative to the baseline, rates in percentage points.</summary>
    public bool IsRate => Metric != Metrics.Volume;
}

/// <summary>The figures the report compares.</summary>
public static class Metrics
{
    public const string Volume = "volume";
    public const string NegativeShare = "negative share";
    public const string EscalationRate = "anger escalation rate";
    public const string RepeatRate = "repeat-contact rate";

    /// <summary>The successes and trials of a rate, or <c>null</c> for the volume.</summary>
    public static (int Successes, int Trials)? Rate(string metric, WeeklyMetrics m) => metric switch
    {
        NegativeShare => (m.Negative, m.Scored),
        EscalationRate => (m.Escalated, m.WithText),
        RepeatRate => (m.Repeat, m.Volume),
        _ => null,
    };

    public static readonly string[] All = [Volume, NegativeShare, EscalationRate, RepeatRate];
}
