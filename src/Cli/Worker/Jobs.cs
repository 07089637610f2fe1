using Pipeline.Cli.Commands;
using Pipeline.Cli.Telemetry;
using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>The scheduled jobs: each is the CLI verb's own code run through <see cref="JobRunner"/>.</summary>
[DisallowConcurrentExecution]
public sealed class IngestJob(CliEnvironment environment, JobRunner runner, WorkerMetrics metrics) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAsync("ingest", context.ScheduledFireTimeUtc ?? context.FireTimeUtc, JobRunner.Worker,
            async (_, ct) =>
            {
                var summary = await IngestCommand.IngestAsync(environment, RunCommand.ConfiguredSources(environment), ct).ConfigureAwait(false);
                metrics.Ingested(summary);
                return summary.Stored;
            },
            cancellationToken).ConfigureAwait(false);
}

[DisallowConcurrentExecution]
public sealed class DispatchJob(CliEnvironment environment, JobRunner runner, WorkerMetrics metrics) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAsync("dispatch", context.ScheduledFireTimeUtc ?? context.FireTimeUtc, JobRunner.Worker,
            async (store, ct) =>
            {
                var summary = await DispatchCommand.DispatchAsync(environment, store, ct).ConfigureAwait(false);
                metrics.Dispatched(summary);
                return summary.Attempts;
            },
            cancellationToken).ConfigureAwait(false);
}

[DisallowConcurrentExecution]
public sealed class ReportJob(CliEnvironment environment, JobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAsync("report", context.ScheduledFireTimeUtc ?? context.FireTimeUtc, JobRunner.Worker,
            async (store, ct) => await ReportCommand.LatestAsync(environment, store, ct).ConfigureAwait(false) ? 1 : 0,
            cancellationToken).ConfigureAwait(false);
}
