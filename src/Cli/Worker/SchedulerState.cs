using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>Whether this process's Quartz scheduler is started and fires its jobs (not starting, in standby or shut down).</summary>
public static class SchedulerState
{
    public static async Task<bool> RunningAsync(ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        foreach (var scheduler in await schedulers.GetAllSchedulers(cancellationToken).ConfigureAwait(false))
        {
            if (await scheduler.GetStatus(cancellationToken).ConfigureAwait(false) == SchedulerStatus.Running)
            {
                return true;
            }
        }

        return false;
    }
}
