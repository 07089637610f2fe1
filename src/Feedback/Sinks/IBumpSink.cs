using Pipeline.Core.Feedback;

namespace Pipeline.Feedback.Sinks;

/// <summary>Where bumps are delivered. One call a bump; failures come back as a result, never as an exception.</summary>
public interface IBumpSink
{
    /// <summary>"jsonl", "http", "webhook": recorded with every attempt.</summary>
    string Name { get; }

    /// <summary>The longest one delivery can take (its requests' timeouts): a dispatcher sends a bump only while its lease outlasts that.</summary>
    TimeSpan LongestDelivery { get; }

    Task<DeliveryResult> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken);
}

public enum DeliveryOutcome
{
    /// <summary>The ticket's priority was raised (or the bump handed over, where the sink cannot tell).</summary>
    Raised,

    /// <summary>The ticket already had this priority or a higher one: nothing was lowered or sent.</summary>
    Unchanged,

    /// <summary>A failure that may pass (timeout, 5xx, 429, a dropped connection): try again later.</summary>
    Retry,

    /// <summary>A failure that will not pass (the ticket does not exist, the request is refused as invalid).</summary>
    Permanent,
}

/// <summary>What one delivery attempt came to.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? Status, string? OldPriority, string? NewPriority, string? Error, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Raised(int? status, string? oldPriority, string newPriority) => new(DeliveryOutcome.Raised, status, oldPriority, newPriority, null);

    public static DeliveryResult Unchanged(int? status, string current) => new(DeliveryOutcome.Unchanged, status, current, current, null);

    public static DeliveryResult Retry(string error, int? status = null, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Retry, status, null, null, error, retryAfter);

    public static DeliveryResult Permanent(string error, int? status) => new(DeliveryOutcome.Permanent, status, null, null, error);
}
