using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Telemetry;
using Pipeline.Storage;
using Pipeline.Storage.Postgres;
using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>
/// <c>worker</c>: a generic host running the pipeline on its own. Quartz fires ingest, dispatch and the weekly report
/// on their cron schedules; with PostgreSQL its job store lives in the same database and is clustered, so each firing
/// runs on exactly one of the workers. Scoring runs on every worker (<see cref="ScoreSchedule"/>). A missed weekly
/// report runs at start (<see cref="ReportCatchUp"/>, and Quartz's misfire policy on the persistent store).
/// SIGTERM stops the schedulers; the jobs running finish their batch first. Operators see it through its heartbeat in
/// the store (<see cref="WorkerHeartbeat"/>, read by <c>health</c>), OpenTelemetry (<see cref="TelemetrySetup"/>) and,
/// under systemd, readiness and watchdog notifications (<see cref="SystemdNotify"/>).
/// </summary>
public static class WorkerHost
{
    /// <summary>The Quartz scheduler's name (its services are keyed by it).</summary>
    public const string Scheduler = "pipeline";

    public static async Task RunAsync(CliEnvironment environment, WorkerOptions options, CancellationToken cancellationToken)
    {
        var store = StoreConnectionString.Parse(environment.Settings.StoreConnection);
        var zone = options.Zone();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        ConsoleLogging.Add(builder.Logging, environment.Configuration);
        builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownSeconds));
        builder.Services.AddSingleton(environment);
        builder.Services.AddSingleton(environment.Time);
        builder.Services.AddSingleton<JobRunner>();
        TelemetrySetup.Add(builder.Services, environment.Settings.Telemetry, JobRunner.Worker);
        builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();

        builder.Services.AddQuartz(Scheduler, q =>
        {
            q.ConfigureScheduler(s => s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            if (store.Engine == StoreEngine.Postgres)
            {
                q.UsePersistentStore(s =>
                {
                    // The store's session defaults (no TLS to a server on this machine, prepared statements, no server JIT) apply to the scheduler's sessions too.
                    s.UsePostgres(PostgresInteractionStore.WithDefaults(store.Value));
                    s.ProvisionSchema();
                    s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(options.CheckinSeconds));
                });
            }

            Schedule<IngestJob>(q, "ingest", options.Ingest, zone);
            Schedule<DispatchJob>(q, "dispatch", options.Dispatch, zone);
            Schedule<ReportJob>(q, "report", options.Report, zone);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        if (WorkerOptions.Cron(options.Score, out _) is not null)
        {
            var score = new CronExpression(options.Score, zone);
            builder.Services.AddHostedService(sp => new ScoreSchedule(environment, sp.GetRequiredService<JobRunner>(), sp.GetRequiredService<WorkerMetrics>(), score));
        }

        builder.Services.AddHostedService<ReportCatchUp>();
        builder.Services.AddHostedService<WorkerHeartbeat>();
        builder.Services.AddHostedService<SystemdNotify>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("worker");
        logger.LogInformation("Worker {Worker} on {Store}: ingest '{Ingest}', score '{Score}' (every worker), dispatch '{Dispatch}', report '{Report}' in {Zone}{Cluster}",
            JobRunner.Worker, StoreConnectionString.Redacted(environment.Settings.StoreConnection), options.Ingest, options.Score, options.Dispatch, options.Report,
            options.TimeZone, store.Engine == StoreEngine.Postgres ? "; clustered on the store's Quartz tables" : "; one worker (SQLite: schedules kept in memory)");
        if (environment.Settings.Telemetry.Enabled)
        {
            logger.LogInformation("OpenTelemetry: metrics every {Seconds} s and job traces to {Endpoint} ({Protocol})",
                environment.Settings.Telemetry.MetricIntervalSeconds, environment.Settings.Telemetry.OtlpEndpoint, environment.Settings.Telemetry.OtlpProtocol);
        }

        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Worker {Worker} stopped cleanly", JobRunner.Worker);
    }

    private static void Schedule<TJob>(IQuartzBuilder q, string name, string cron, TimeZoneInfo zone)
        where TJob : IJob
    {
        if (WorkerOptions.Cron(cron, out _) is null)
        {
            return;
        }

        q.ScheduleJob<TJob>(
            t => t.WithIdentity(name).WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            j => j.WithIdentity(name));
    }
}
