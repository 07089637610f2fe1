using System.ComponentModel.DataAnnotations;

namespace Pipeline.Reports;

/// <summary>Configuration section <c>Reports</c>: the reporting time zone, where reports go, and when a change is flagged.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>IANA time zone of the reporting weeks (ISO weeks, Monday start).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Reports go to <c>&lt;OutputDirectory&gt;/&lt;yyyy&gt;-W&lt;ww&gt;/</c> unless <c>--out</c> says otherwise.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "reports";

    /// <summary>The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf, the font of every chart (shipped in data/fonts).</summary>
    [Required]
    public string FontDirectory { get; set; } = "data/fonts";

    /// <summary>A segment is tested only when the week or its baseline has at least this many interactions.</summary>
    [Range(1, 1_000_000)]
    public int MinVolume { get; set; } = 10;

    /// <summary>Counts other than the volume (escalations, bumps) are tested only from this many events (this week or baseline).</summary>
    [Range(1, 1_000_000)]
    public int MinEvents { get; set; } = 5;

    /// <summary>A count must move by at least this share of its baseline to be flagged (0.25: ±25 %).</summary>
    [Range(0, 100)]
    public double MinRelativeChange { get; set; } = 0.25;

    /// <summary>A rate must move by at least this many percentage points (0.05: 5 points) to be flagged.</summary>
    [Range(0, 1)]
    public double MinRateChange { get; set; } = 0.05;

    /// <summary>The mean sentiment (−1..1) must move by at least this much to be flagged.</summary>
    [Range(0, 2)]
    public double MinSentimentChange { get; set; } = 0.1;

    /// <summary>Benjamini–Hochberg false discovery rate over every test of a report.</summary>
    [Range(0.0001, 0.5)]
    public double FalseDiscoveryRate { get; set; } = 0.05;

    /// <summary>Weekly counts whose variance is this many times their mean or more are tested with a negative binomial.</summary>
    [Range(1, 100)]
    public double OverdispersionIndex { get; set; } = 1.5;

    /// <summary>Weeks of history in the trend charts.</summary>
    [Range(4, 520)]
    public int ChartWeeks { get; set; } = 26;

    /// <summary>Values per breakdown shown in tables and charts (the largest by volume); all are tested, and the CSV files hold all.</summary>
    [Range(1, 1000)]
    public int TopValues { get; set; } = 12;

    /// <summary>Representative (redacted) interactions shown per emerging topic.</summary>
    [Range(1, 10)]
    public int RepresentativeInteractions { get; set; } = 3;

    /// <summary>Interactions shown under each flagged segment (the angriest, then the most negative); flagged-interactions.csv lists them all.</summary>
    [Range(1, 100)]
    public int InteractionsPerFlaggedSegment { get; set; } = 10;

    /// <summary>Characters of an interaction's text shown as an excerpt.</summary>
    [Range(40, 5000)]
    public int ExcerptCharacters { get; set; } = 320;

    /// <summary>The SMTP server and recipients of the weekly report's e-mail (<c>Reports:Mail</c>).</summary>
    public Delivery.ReportMailOptions Mail { get; set; } = new();

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<string> Validate()
    {
        string? error = null;
        try
        {
            _ = Zone();
        }
        catch (TimeZoneNotFoundException)
        {
            error = $"{Section}:TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin)";
        }
        catch (InvalidTimeZoneException ex)
        {
            error = $"{Section}:TimeZone '{TimeZone}': {ex.Message}";
        }

        if (error is not null)
        {
            yield return error;
        }

        // The nested section is not reached by the attribute validation of this one.
        if (Mail.Port is < 1 or > 65535)
        {
            yield return $"{Delivery.ReportMailOptions.Section}:Port {Mail.Port} is not a TCP port (1 to 65535).";
        }

        if (Mail.TimeoutSeconds is < 1 or > 600)
        {
            yield return $"{Delivery.ReportMailOptions.Section}:TimeoutSeconds {Mail.TimeoutSeconds} is not between 1 and 600.";
        }

        // run and the worker mail every weekly report when recipients are configured: the rest must be there too.
        if (Mail.To.Count > 0)
        {
            foreach (var problem in Mail.Problems(Mail.To, Environment.GetEnvironmentVariable))
            {
                yield return problem;
            }
        }
    }
}
