using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Telemetry;
using Pipeline.Core.Storage;
using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>
/// Every Worker:HeartbeatSeconds, records in the store that this worker is alive and whether its scheduler runs
/// (<c>worker_heartbeats</c>, read by <c>health</c>); at stop, that it stopped. When metrics are exported, it also
/// counts the queues every Telemetry:QueueSampleSeconds. A store that cannot be reached costs a warning, not the worker.
/// </summary>
public sealed class WorkerHeartbeat(
    CliEnvironment environment, [FromKeyedServices(WorkerHost.Scheduler)] ISchedulerFactory schedulers, IHostApplicationLifetime lifetime, WorkerMetrics metrics, ILogger<WorkerHeartbeat> logger)
    : BackgroundService
{
    private readonly DateTimeOffset _started = environment.Time.GetUtcNow();
    private DateTimeOffset? _sampled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(environment.Settings.Worker.HeartbeatSeconds), environment.Time);
        try
        {
            // The first beat once every service has started (Quartz's among them), so that it says how the start went.
            await HostStarted.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
            do
            {
                var running = await SchedulerState.RunningAsync(schedulers, stoppingToken).ConfigureAwait(false);
                await BeatAsync(running ? WorkerState.Running : WorkerState.SchedulerDown, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await BeatAsync(WorkerState.Stopped, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task BeatAsync(WorkerState state, CancellationToken cancellationToken)
    {
        try
        {
            await using var store = await environment.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
            var now = environment.Time.GetUtcNow();
            await store.BeatAsync(new WorkerBeat(JobRunner.Worker, _started, now, state), cancellationToken).ConfigureAwait(false);
            if (environment.Settings.Telemetry.Enabled && state == WorkerState.Running
                && (_sampled is not { } last || now - last >= TimeSpan.FromSeconds(environment.Settings.Telemetry.QueueSampleSeconds)))
            {
                var reading = await store.ReadHealthAsync(cancellationToken).ConfigureAwait(false);
                if (reading is { Unscored: { } unscored, PendingBumps: { } bumps })
                {
                    metrics.Queues(unscored, bumps, now);
                    _sampled = now;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Worker heartbeat ({State}) not recorded: {Message}", state.ToName(), Commands.StoreFailure.Describe(ex));
        }
    }
}
