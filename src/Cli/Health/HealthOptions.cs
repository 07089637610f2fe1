using System.ComponentModel.DataAnnotations;

namespace Pipeline.Cli.Health;

/// <summary>Configuration section <c>Health</c>: what the <c>health</c> verb holds to be healthy.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long the oldest unscored interaction or undelivered bump may wait before the pipeline is unhealthy.</summary>
    [Range(1, 100_000)]
    public double BacklogMinutes { get; set; } = 60;

    /// <summary>
    /// How long after a week ends (in Reports:TimeZone) its report may be missing: the default covers the Monday 06:00
    /// schedule and a slow run.
    /// </summary>
    [Range(1, 10_000)]
    public double ReportGraceHours { get; set; } = 30;

    /// <summary>
    /// Whether a running <c>worker</c> is expected (a deployment that runs the verbs from cron instead sets it to false).
    /// A worker is running when it beat within three of its Worker:HeartbeatSeconds.
    /// </summary>
    public bool ExpectWorker { get; set; } = true;
}
