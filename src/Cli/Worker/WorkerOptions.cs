using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>
/// Configuration section <c>Worker</c>: the cron schedules of <c>worker</c> (Quartz cron, seconds first:
/// "0 */15 * * * ?" is every 15 minutes) in <see cref="TimeZone"/>; "off" switches a job off.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>IANA zone the schedules are read in (the weekly report's "Monday 06:00" is local to it).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Ingest the configured sources (Ingest:Sources, the drop folders). Fires once across a cluster.</summary>
    public string Ingest { get; set; } = "0 */15 * * * ?";

    /// <summary>Score what is new. Runs on every worker: they split the backlog by claiming batches.</summary>
    public string Score { get; set; } = "30 */5 * * * ?";

    /// <summary>Deliver pending priority bumps. Fires once across a cluster.</summary>
    public string Dispatch { get; set; } = "0 * * * * ?";

    /// <summary>The weekly report of the latest complete week. Fires once across a cluster; a missed one runs at start.</summary>
    public string Report { get; set; } = "0 0 6 ? * MON";

    /// <summary>How often a clustered worker checks in; a worker silent for longer is taken as gone and its jobs recovered.</summary>
    public double CheckinSeconds { get; set; } = 15;

    /// <summary>
    /// How often the worker records in the store that it runs (what <c>health</c> reads), and how often it looks at the
    /// queues it reports as metrics.
    /// </summary>
    public double HeartbeatSeconds { get; set; } = 30;

    /// <summary>How long a stop (SIGTERM) may take: the jobs running finish their batch within it.</summary>
    public double ShutdownSeconds { get; set; } = 90;

    public const string Off = "off";

    public IReadOnlyDictionary<string, string> Schedules => new Dictionary<string, string>
    {
        ["Ingest"] = Ingest,
        ["Score"] = Score,
        ["Dispatch"] = Dispatch,
        ["Report"] = Report,
    };

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<string> Validate()
    {
        string? zone = null;
        try
        {
            _ = Zone();
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = $"{Section}:TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin)";
        }

        if (zone is not null)
        {
            yield return zone;
        }

        foreach (var (job, cron) in Schedules)
        {
            if (Cron(cron, out var error) is null && error is not null)
            {
                yield return $"{Section}:{job} '{cron}' is not a cron expression: {error} (Quartz cron, seconds first: \"0 */15 * * * ?\"; or \"{Off}\")";
            }
        }

        if (CheckinSeconds <= 0 || ShutdownSeconds <= 0 || HeartbeatSeconds <= 0)
        {
            yield return $"{Section}: CheckinSeconds, HeartbeatSeconds and ShutdownSeconds must be above 0";
        }
    }

    /// <summary>The parsed schedule; <c>null</c> for "off" (then <paramref name="error"/> is null) or a bad expression.</summary>
    public static CronExpression? Cron(string text, out string? error)
    {
        error = null;
        if (string.Equals(text?.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new CronExpression(text!);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            error = ex.Message;
            return null;
        }
    }
}
