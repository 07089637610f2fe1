using System.Globalization;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;

namespace Pipeline.Cli.Health;

/// <summary>One line of <c>health</c>: a check, whether it passed, and what was seen.</summary>
public sealed record HealthCheck(string Name, bool Healthy, string Detail)
{
    public const string Store = "store";
    public const string Migrations = "migrations";
    public const string Scheduler = "scheduler";
    public const string Scoring = "scoring backlog";
    public const string Bumps = "bump outbox";
    public const string Report = "weekly report";

    public static HealthCheck Reachable(string store) => new(Store, true, $"{store} answered");

    public static HealthCheck Unreachable(string store, string error) => new(Store, false, $"{store}: {error}");

    public static HealthCheck Of(MigrationState state) =>
        state.Mismatch is { } mismatch ? new(Migrations, false, mismatch)
        : state.Pending.Count > 0 ? new(Migrations, false, $"{state.Pending.Count} not applied ({string.Join(", ", state.Pending)}): the next run of any verb applies them")
        : new(Migrations, true, "current");

    /// <summary>A worker runs when one beat "running" within three heartbeats of <paramref name="now"/>.</summary>
    public static HealthCheck Of(IReadOnlyList<WorkerBeat> workers, DateTimeOffset now, TimeSpan heartbeat, bool expected)
    {
        var alive = workers.Where(w => w.State == WorkerState.Running && now - w.SeenAt <= 3 * heartbeat).ToList();
        if (alive.Count > 0)
        {
            return new(Scheduler, true, $"{alive.Count} worker{(alive.Count == 1 ? "" : "s")} running ({string.Join(", ", alive.Select(w => $"{w.Worker}, last beat {Ago(now - w.SeenAt)} ago"))})");
        }

        var detail = workers.Count == 0
            ? "no worker has run on this store"
            : $"no worker running: the last, {workers[0].Worker}, said '{workers[0].State.ToName()}' {Ago(now - workers[0].SeenAt)} ago";
        return expected ? new(Scheduler, false, detail) : new(Scheduler, true, detail + " (none expected: Health:ExpectWorker is false)");
    }

    public static HealthCheck Of(string name, Backlog backlog, DateTimeOffset now, TimeSpan allowed, string? more = null)
    {
        var extra = more is null ? "" : $"; {more}";
        if (backlog.Count == 0 || backlog.OldestSince is not { } since)
        {
            return new(name, true, "empty" + extra);
        }

        var age = now - since;
        var text = string.Create(CultureInfo.InvariantCulture, $"{backlog.Count:N0} waiting, the oldest for {Ago(age)}");
        return age <= allowed
            ? new(name, true, text + extra)
            : new(name, false, $"{text}, more than the {Ago(allowed)} allowed (Health:BacklogMinutes){extra}");
    }

    /// <param name="latestComplete">The latest week that is over and holds interactions, and the instant it ended.</param>
    /// <param name="latestWritten">The latest week whose report is written, if any.</param>
    public static HealthCheck Of((ReportingWeek Week, DateTimeOffset End)? latestComplete, ReportingWeek? latestWritten, DateTimeOffset now, TimeSpan grace)
    {
        var written = latestWritten is { } w ? $"latest written {w}" : "none written";
        if (latestComplete is not { } due)
        {
            return new(Report, true, $"no complete week with interactions yet; {written}");
        }

        if (latestWritten is { } last && last >= due.Week)
        {
            return new(Report, true, $"{written}, the latest complete week");
        }

        return now - due.End <= grace
            ? new(Report, true, $"{written}; {due.Week} ended {Ago(now - due.End)} ago, its report is due within {Ago(grace)} (Health:ReportGraceHours)")
            : new(Report, false, $"{written}; the report of {due.Week} is missing {Ago(now - due.End)} after the week ended (more than the {Ago(grace)} of Health:ReportGraceHours)");
    }

    /// <summary>"45 s", "12 min", "3 h 5 min", "2 d 4 h".</summary>
    public static string Ago(TimeSpan span) => span switch
    {
        { TotalSeconds: < 90 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s"),
        { TotalMinutes: < 90 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min"),
        { TotalHours: < 48 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h"),
    };
}
