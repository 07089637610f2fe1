using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Cli.Commands;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports;
using Pipeline.Storage;

namespace Pipeline.Cli.Health;

/// <summary>
/// What <c>health</c> looks at, in order: the store answers; its migrations are current (read, not applied); a worker's
/// scheduler runs (its heartbeat); the scoring backlog and the bump outbox are not older than allowed; the latest
/// complete week has its report. Nothing is written: a probe may run beside the worker as often as it likes.
/// </summary>
public static class HealthProbe
{
    public static async Task<IReadOnlyList<HealthCheck>> RunAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = environment.Settings;
        var now = environment.Time.GetUtcNow();
        var description = StoreConnectionString.Redacted(settings.StoreConnection);
        var checks = new List<HealthCheck>();
        StoreHealthReading reading;
        IInteractionStore? store = null;
        try
        {
            store = StoreFactory.OpenAsIs(settings.StoreConnection);
            reading = await store.ReadHealthAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            checks.Add(HealthCheck.Unreachable(description, StoreFailure.Describe(ex)));
            return checks;
        }

        await using (store)
        {
            checks.Add(HealthCheck.Reachable(description));
            checks.Add(HealthCheck.Of(reading.Migrations));
            if (reading is not { Workers: { } workers, Unscored: { } unscored, PendingBumps: { } bumps })
            {
                return checks;
            }

            var allowed = TimeSpan.FromMinutes(settings.Health.BacklogMinutes);
            checks.Add(HealthCheck.Of(workers, now, TimeSpan.FromSeconds(settings.Worker.HeartbeatSeconds), settings.Health.ExpectWorker));
            checks.Add(HealthCheck.Of(HealthCheck.Scoring, unscored, now, allowed));
            checks.Add(HealthCheck.Of(HealthCheck.Bumps, bumps, now, allowed, reading.DeadBumps > 0 ? $"{reading.DeadBumps} dead (see `bumps --status dead`)" : null));

            var stage = new ReportStage(store, settings.Reports, new Dictionary<int, string>(), environment.Time, NullLogger.Instance);
            (ReportingWeek, DateTimeOffset)? due = await stage.LatestCompleteWeekAsync(cancellationToken).ConfigureAwait(false) is { } week
                ? (week, stage.Window(week, week).Until)
                : null;
            checks.Add(HealthCheck.Of(due, LatestWritten(settings.Reports.OutputDirectory), now, TimeSpan.FromHours(settings.Health.ReportGraceHours)));
        }

        return checks;
    }

    /// <summary>The latest week whose report is in the reports folder (a report folder is swapped in only when whole).</summary>
    private static ReportingWeek? LatestWritten(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        ReportingWeek? latest = null;
        foreach (var folder in Directory.EnumerateDirectories(directory))
        {
            if (ReportingWeek.TryParse(Path.GetFileName(folder), out var week) && (latest is null || week > latest) && File.Exists(Path.Combine(folder, "report.html")))
            {
                latest = week;
            }
        }

        return latest;
    }
}
