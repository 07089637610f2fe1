namespace Pipeline.Core.Feedback;

/// <summary>Where a bump is in its life.</summary>
public enum BumpStatus
{
    /// <summary>Waiting to be delivered (or to be retried at <see cref="PriorityBump.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Delivered: the ticket's priority was raised, or it already stood at least as high.</summary>
    Sent,

    /// <summary>Given up after the configured attempts, or refused for good; <see cref="PriorityBump.LastError"/> says why.</summary>
    Dead,

    /// <summary>Escalated, but the interaction names no ticket to bump: kept for the record and the reports.</summary>
    NoTicket,
}

public static class BumpStatuses
{
    public static string ToName(this BumpStatus status) => status switch
    {
        BumpStatus.Pending => "pending",
        BumpStatus.Sent => "sent",
        BumpStatus.Dead => "dead",
        BumpStatus.NoTicket => "no_ticket",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out BumpStatus status)
    {
        foreach (var candidate in Enum.GetValues<BumpStatus>())
        {
            if (string.Equals(candidate.ToName(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}

/// <summary>A bump as the outbox holds it: the request, its state, and what its last delivery attempt said.</summary>
/// <param name="OldPriority">The ticket's priority before the bump (when the sink can tell).</param>
/// <param name="NewPriority">The ticket's priority after it: the target, or the higher one it already had.</param>
public sealed record PriorityBump(
    long Id,
    BumpRequest Request,
    BumpStatus Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    int? LastResponseStatus,
    string? Sink,
    string? OldPriority,
    string? NewPriority,
    DateTimeOffset? SentAt);

/// <summary>One delivery attempt, as the audit trail keeps it.</summary>
/// <param name="Outcome">"raised", "unchanged" (already at least as high), "retry", "dead".</param>
public sealed record BumpAttempt(
    long BumpId,
    int Attempt,
    DateTimeOffset At,
    string Sink,
    string Outcome,
    int? ResponseStatus,
    string? Error,
    string? OldPriority,
    string? NewPriority,
    double DurationMs);
