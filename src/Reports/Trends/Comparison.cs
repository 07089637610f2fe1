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

    /// <summary>Month to date against the same days of the previous month.</summary>
    PreviousMonthToDate,
}

public static class BaselineNames
{
    public static string ToName(this Baseline baseline) => baseline switch
    {
        Baseline.PreviousWeek => "previous week",
        Baseline.FourWeekAverage => "4-week average",
        Baseline.SameWeekLastYear => "same week last year",
        Baseline.PreviousMonthToDate => "previous month to date",
        _ => throw new ArgumentOutOfRangeException(nameof(baseline), baseline, null),
    };
}

/// <summary>
/// One figure of one segment compared with one baseline: the values, the change, the test and its p-value, the
/// Benjamini–Hochberg q-value over the whole report, and whether it is flagged. <see cref="Missing"/> says why
/// there is no comparison ("no data for 2018-W40"); then there is no change, never a 0 % one.
/// </summary>
/// <param name="Change">Counts: relative change (0.38 = +38 %; +∞ from a zero baseline); rates: percentage points as a
/// fraction (0.05 = +5 points); means: the difference.</param>
/// <param name="Note">Why the figure was not tested although it has a baseline (too few interactions).</param>
public sealed record Comparison(
    Segment Segment,
    Metric Metric,
    Baseline Baseline,
    string BaselineLabel,
    double? Value,
    double? BaselineValue,
    double? Change,
    string? Missing,
    string? Test,
    double? PValue,
    double? QValue,
    bool Flagged,
    string? Note = null);

/// <summary>How a figure is measured, and so how it is tested and how its change is written.</summary>
public enum MetricKind
{
    /// <summary>A number of events per week (Poisson or negative binomial test; relative change).</summary>
    Count,

    /// <summary>A share of a week's interactions (two-proportion z-test; change in percentage points).</summary>
    Rate,

    /// <summary>A mean score (Welch's t-test; change as a difference).</summary>
    Mean,
}

/// <summary>A figure of the report, and how to read it off a week's counts.</summary>
public sealed class Metric
{
    private readonly Func<WeeklyMetrics, int>? _count;
    private readonly Func<WeeklyMetrics, (int Successes, int Trials)>? _rate;

    private Metric(string name, MetricKind kind, Func<WeeklyMetrics, int>? count, Func<WeeklyMetrics, (int, int)>? rate)
    {
        Name = name;
        Kind = kind;
        _count = count;
        _rate = rate;
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public static readonly Metric Volume = new("volume", MetricKind.Count, m => m.Volume, null);
    public static readonly Metric TextShare = new("share with text", MetricKind.Rate, null, m => (m.WithText, m.Volume));
    public static readonly Metric MeanSentiment = new("mean sentiment", MetricKind.Mean, null, null);
    public static readonly Metric NegativeShare = new("negative share", MetricKind.Rate, null, m => (m.Negative, m.Scored));
    public static readonly Metric Escalations = new("anger escalations", MetricKind.Count, m => m.Escalated, null);
    public static readonly Metric EscalationRate = new("anger escalation rate", MetricKind.Rate, null, m => (m.Escalated, m.WithText));
    public static readonly Metric RepeatRate = new("repeat-contact rate", MetricKind.Rate, null, m => (m.Repeat, m.Volume));
    public static readonly Metric BumpsSent = new("priority bumps sent", MetricKind.Count, m => m.BumpsSent, null);

    /// <summary>Every figure compared, in the order tables show them.</summary>
    public static readonly Metric[] All = [Volume, TextShare, MeanSentiment, NegativeShare, Escalations, EscalationRate, RepeatRate, BumpsSent];

    public int Count(WeeklyMetrics m) => _count?.Invoke(m) ?? throw new InvalidOperationException($"{Name} is not a count.");

    public (int Successes, int Trials) Rate(WeeklyMetrics m) => _rate?.Invoke(m) ?? throw new InvalidOperationException($"{Name} is not a rate.");

    /// <summary>The figure of one week (or of several weeks summed: a rate or mean over all their interactions).</summary>
    public double? ValueOf(WeeklyMetrics m) => Kind switch
    {
        MetricKind.Count => Count(m),
        MetricKind.Rate => WeeklyMetrics.Share(Rate(m).Successes, Rate(m).Trials),
        _ => m.MeanSentiment,
    };

    public override string ToString() => Name;
}
