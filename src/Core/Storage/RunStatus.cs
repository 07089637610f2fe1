namespace Pipeline.Core.Storage;

/// <summary>How a run of the journal stands or ended; stored by name (<see cref="RunStatuses.ToName"/>).</summary>
public enum RunStatus
{
    /// <summary>Begun and not ended: still running, or its process died.</summary>
    Running,

    /// <summary>Ended after doing all it found.</summary>
    Completed,

    /// <summary>Ended by an error.</summary>
    Failed,

    /// <summary>An ingest the user stopped (what it had stored stays).</summary>
    Cancelled,

    /// <summary>A scoring run or a worker's job asked to stop: it ended after the batch in hand.</summary>
    Stopped,
}

/// <summary>The stored names of <see cref="RunStatus"/>.</summary>
public static class RunStatuses
{
    public static string ToName(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <exception cref="InvalidDataException">The name is not one this version writes.</exception>
    public static RunStatus Parse(string name)
    {
        foreach (var status in Enum.GetValues<RunStatus>())
        {
            if (string.Equals(status.ToName(), name, StringComparison.Ordinal))
            {
                return status;
            }
        }

        throw new InvalidDataException($"The store holds the run status '{name}', which this version does not know.");
    }
}
