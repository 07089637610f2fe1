namespace Pipeline.Core.Storage;

/// <summary>Where a worker process says that it is alive and whether its scheduler runs (what <c>health</c> reads).</summary>
public interface IWorkerHeartbeats
{
    /// <summary>Records the worker's state as of <see cref="WorkerBeat.SeenAt"/>, replacing its earlier beat.</summary>
    Task BeatAsync(WorkerBeat beat, CancellationToken cancellationToken);
}

/// <summary>The last word of one worker process (<see cref="Worker"/> is "host/pid").</summary>
public sealed record WorkerBeat(string Worker, DateTimeOffset StartedAt, DateTimeOffset SeenAt, WorkerState State);

public enum WorkerState
{
    /// <summary>The worker's scheduler is started and fires its jobs.</summary>
    Running,

    /// <summary>The worker is up but its scheduler is not running (starting, in standby or shut down).</summary>
    SchedulerDown,

    /// <summary>The worker stopped cleanly (SIGTERM).</summary>
    Stopped,
}

public static class WorkerStateNames
{
    public static string ToName(this WorkerState state) => state switch
    {
        WorkerState.Running => "running",
        WorkerState.SchedulerDown => "scheduler-down",
        WorkerState.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static WorkerState Parse(string text)
    {
        foreach (var state in Enum.GetValues<WorkerState>())
        {
            if (string.Equals(state.ToName(), text, StringComparison.Ordinal))
            {
                return state;
            }
        }

        throw new FormatException($"'{text}' is not a worker state");
    }
}
