using System.Globalization;
using Pipeline.Reports.Trends;

namespace Pipeline.Reports.Weekly;

/// <summary>How numbers, changes and p-values are written in every report format (invariant culture).</summary>
public static class Wording
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"1,234" for counts, "32.5" for an average of counts, "34 %" for rates, "−0.21" for the mean sentiment.</summary>
    public static string Value(Metric metric, double? value, bool average = false) => value switch
    {
        null => "–",
        { } v when double.IsNaN(v) => "–",
        { } v => metric.Kind switch
        {
            MetricKind.Count => average && v != Math.Round(v) ? v.ToString("#,0.0", Invariant) : v.ToString("#,0", Invariant),
            MetricKind.Rate => Percent(v),
            _ => Signed(v, "0.00"),
        },
    };

    public static string Percent(double share) => (share * 100).ToString(share is > 0 and < 0.1 ? "0.0" : "0", Invariant) + " %";

    /// <summary>"+38 %", "−20 %", "new" for counts; "+5.2 points" for rates; "+0.12" for means.</summary>
    public static string Change(Comparison c) => c.Change switch
    {
        null => c.Missing ?? "–",
        { } change when double.IsPositiveInfinity(change) => "new (from 0)",
        { } change => c.Metric.Kind switch
        {
            MetricKind.Count => Signed(change * 100, "0") + " %",
            MetricKind.Rate => Signed(change * 100, "0.0") + " points",
            _ => Signed(change, "0.00"),
        },
    };

    /// <summary>"p &lt; 0.001", "p &lt; 0.01", "p = 0.03" (of the adjusted p-value when there is one).</summary>
    public static string P(double p) => p switch
    {
        < 0.001 => "p < 0.001",
        < 0.01 => "p < 0.01",
        _ => "p = " + p.ToString(p < 0.1 ? "0.000" : "0.00", Invariant),
    };

    /// <summary>A number with its sign, using the minus sign (−) rather than a hyphen.</summary>
    public static string Signed(double value, string format)
    {
        var text = Math.Abs(value).ToString(format, Invariant);
        return value > 0 && text.Any(ch => ch is >= '1' and <= '9') ? "+" + text : value < 0 && text.Any(ch => ch is >= '1' and <= '9') ? "−" + text : text;
    }

    /// <summary>"a flagged change, adjusted p &lt; 0.01", "no significant change, adjusted p = 0.41", "not tested: fewer than 10 interactions".</summary>
    public static string Significance(Comparison c, double falseDiscoveryRate) => c switch
    {
        { Flagged: true, QValue: { } q } => $"a flagged change, adjusted {P(q)}",
        { QValue: { } q, PValue: { } } when c.Change is not null && q <= falseDiscoveryRate && !c.Flagged => $"significant, adjusted {P(q)}, but below the minimum change to flag",
        { QValue: { } q } => $"no significant change, adjusted {P(q)}",
        { Missing: { } missing } => missing,
        { Note: { } note } => $"not tested: {note}",
        _ => "not tested",
    };

    /// <summary>"1 interaction", "2,048 interactions".</summary>
    public static string Plural(int count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string Count(int value) => value.ToString("#,0", Invariant);

    /// <summary>"against the 4-week average (2019-W36…2019-W39)".</summary>
    public static string Against(Comparison c) => "against " + BaselinePhrase(c);

    /// <summary>"the 4-week average (2019-W36…2019-W39)".</summary>
    public static string BaselinePhrase(Comparison c) => c.Baseline switch
    {
        Baseline.PreviousWeek => $"the previous week ({c.BaselineLabel})",
        Baseline.FourWeekAverage => $"the 4-week average ({c.BaselineLabel})",
        Baseline.SameWeekLastYear => $"the same week last year ({c.BaselineLabel})",
        _ => $"the same days of the previous month ({c.BaselineLabel})",
    };

    /// <summary>The segment as a sentence's subject: "Contacts about product 'Mortgage'", "E-mails", "All interactions".</summary>
    public static string Contacts(WeeklyReport report, Segment segment) => segment.Dimension switch
    {
        "all" => "Interactions",
        "channel" => segment.Value switch { "complaint" => "Complaints", "email" => "E-mails", "call" => "Calls", var v => $"Channel '{v}'" },
        "topic" => $"Contacts on {report.Describe(segment)}",
        "language" => $"Contacts in {report.Describe(segment)}",
        _ => $"Contacts about {report.Describe(segment)}",
    };

    /// <summary>" in product 'Mortgage'" (empty for all interactions), for "The negative share in …".</summary>
    public static string In(WeeklyReport report, Segment segment) => segment == Segment.All ? "" : " in " + report.Describe(segment);

    public static string Dates(Pipeline.Core.Time.ReportingWeek week) =>
        $"{week.Start.ToString("d MMM yyyy", Invariant)} – {week.End.AddDays(-1).ToString("d MMM yyyy", Invariant)}";
}
