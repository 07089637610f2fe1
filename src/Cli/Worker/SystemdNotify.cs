using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>
/// The worker as a systemd <c>Type=notify</c> service (README, "Operating the worker"): READY=1 once the host has started
/// and the scheduler runs; WATCHDOG=1 every half of WatchdogSec while the scheduler runs, so a worker whose scheduler
/// stopped or whose process hangs is restarted by systemd; STOPPING=1 at SIGTERM. Does nothing outside systemd
/// (no NOTIFY_SOCKET). The messages go through Microsoft's <see cref="ISystemdNotifier"/>.
/// </summary>
public sealed class SystemdNotify(ISystemdNotifier notifier, [FromKeyedServices(WorkerHost.Scheduler)] ISchedulerFactory schedulers, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdNotify> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        await HostStarted.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        // Quartz starts its scheduler on ApplicationStarted as well, on its own task: wait for it, so READY means running.
        var running = await SchedulerState.RunningAsync(schedulers, stoppingToken).ConfigureAwait(false);
        var waited = time.GetTimestamp();
        while (!running && time.GetElapsedTime(waited) < SchedulerStartWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken).ConfigureAwait(false);
            running = await SchedulerState.RunningAsync(schedulers, stoppingToken).ConfigureAwait(false);
        }

        notifier.Notify(new ServiceState($"READY=1\nSTATUS=worker {JobRunner.Worker}: scheduler {(running ? "running" : "not running")}"));
        if (Watchdog(Environment.GetEnvironmentVariable) is not { } interval)
        {
            return;
        }

        logger.LogInformation("systemd watchdog: fed every {Seconds:0.#} s while the scheduler runs", (interval / 2).TotalSeconds);
        using var timer = new PeriodicTimer(interval / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await SchedulerState.RunningAsync(schedulers, stoppingToken).ConfigureAwait(false))
                {
                    notifier.Notify(new ServiceState("WATCHDOG=1"));
                }
                else
                {
                    logger.LogError("The scheduler is not running: the systemd watchdog is not fed, and systemd restarts the worker when WatchdogSec runs out.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>How long READY waits for the scheduler to run after the host has started (then it says the scheduler is not running).</summary>
    private static readonly TimeSpan SchedulerStartWait = TimeSpan.FromSeconds(60);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        if (notifier.IsEnabled)
        {
            notifier.Notify(ServiceState.Stopping);
        }

        return base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// The watchdog period systemd asks for (WATCHDOG_USEC), when it is meant for this process (WATCHDOG_PID absent or
    /// this process's id); <c>null</c> when there is none.
    /// </summary>
    public static TimeSpan? Watchdog(Func<string, string?> variable)
    {
        if (variable("WATCHDOG_PID") is { Length: > 0 } pid && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(variable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) && microseconds > 0
            ? TimeSpan.FromMicroseconds(microseconds)
            : null;
    }
}
