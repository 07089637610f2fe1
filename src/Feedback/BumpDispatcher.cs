using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Feedback;
using Pipeline.Feedback.Sinks;

namespace Pipeline.Feedback;

/// <summary>What a dispatch run did.</summary>
/// <param name="NextRetry">When the earliest bump still waiting for a retry is due (it is left for the next run).</param>
/// <param name="Bumps">Distinct bumps tried in this run (a bump retried within the run counts once; <paramref name="Attempts"/> counts every try).</param>
public sealed record DispatchSummary(int Bumps, int Raised, int Unchanged, int Retrying, int Dead, int Attempts, TimeSpan Elapsed, DateTimeOffset? NextRetry, bool Stopped);

/// <summary>
/// Delivers the outbox: claims due bumps for a lease, hands each to the sink, and records every attempt in the audit
/// trail with the bump's next state (sent; a retry at a time from <see cref="RetrySchedule"/>; dead after
/// <see cref="FeedbackOptions.MaxAttempts"/> or a permanent refusal). Retries that fall due within
/// <see cref="FeedbackOptions.MaxWaitSeconds"/> are waited for; later ones are left for the next run.
/// A dispatcher that dies between sending and recording loses nothing: the claim expires and the bump is sent again
/// with the same idempotency key.
/// </summary>
public sealed class BumpDispatcher(IBumpStore store, IBumpSink sink, FeedbackOptions options, TimeProvider time, ILogger logger, Random? random = null)
{
    private readonly RetrySchedule _retries = new(options, random ?? Random.Shared);

    /// <param name="cancellationToken">Stops the run after the batch in hand (a batch is never left half recorded).</param>
    public async Task<DispatchSummary> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int raised = 0, unchanged = 0, retrying = 0, dead = 0, attempts = 0;
        var tried = new HashSet<long>();
        var stopped = false;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stopped = true;
                break;
            }

            var now = time.GetUtcNow();
            var batch = await store.ClaimDueAsync(options.BatchSize, now, TimeSpan.FromSeconds(options.LeaseSeconds), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                var next = await store.NextDueAsync(cancellationToken).ConfigureAwait(false);
                if (next is not { } due || due - now > TimeSpan.FromSeconds(options.MaxWaitSeconds))
                {
                    break;
                }

                try
                {
                    await Task.Delay(due - now > TimeSpan.FromMilliseconds(20) ? due - now : TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    stopped = true;
                    break;
                }

                continue;
            }

            foreach (var bump in batch)
            {
                // The batch in hand is finished even when a stop was asked for: each bump ends recorded.
                var status = await DeliverAsync(bump, CancellationToken.None).ConfigureAwait(false);
                attempts++;
                tried.Add(bump.Id);
                switch (status)
                {
                    case "raised":
                        raised++;
                        break;
                    case "unchanged":
                        unchanged++;
                        break;
                    case "retry":
                        retrying++;
                        break;
                    default:
                        dead++;
                        break;
                }
            }
        }

        var waiting = await store.NextDueAsync(CancellationToken.None).ConfigureAwait(false);
        var pending = waiting is null ? 0 : (await store.ListBumpsAsync(BumpStatus.Pending, CancellationToken.None).ConfigureAwait(false)).Count;
        return new DispatchSummary(tried.Count, raised, unchanged, pending, dead, attempts, time.GetElapsedTime(started), waiting, stopped);
    }

    private async Task<string> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken)
    {
        var attempt = bump.Attempts + 1;
        var clock = Stopwatch.StartNew();
        DeliveryResult result;
        try
        {
            result = await sink.DeliverAsync(bump, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = DeliveryResult.Retry($"{sink.Name} failed: {ex.Message}");
        }

        var at = time.GetUtcNow();
        var request = bump.Request;
        var (status, outcome, next) = result.Outcome switch
        {
            DeliveryOutcome.Raised => (BumpStatus.Sent, "raised", at),
            DeliveryOutcome.Unchanged => (BumpStatus.Sent, "unchanged", at),
            DeliveryOutcome.Retry when attempt < options.MaxAttempts => (BumpStatus.Pending, "retry", at + _retries.Delay(attempt, result.RetryAfter)),
            _ => (BumpStatus.Dead, "dead", at),
        };
        var error = result.Outcome == DeliveryOutcome.Retry && status == BumpStatus.Dead
            ? $"gave up after {attempt} attempts: {result.Error}"
            : result.Error;
        await store.RecordAttemptAsync(
            new BumpAttempt(bump.Id, attempt, at, sink.Name, outcome, result.Status, error, result.OldPriority, result.NewPriority, clock.Elapsed.TotalMilliseconds),
            status, next, CancellationToken.None).ConfigureAwait(false);

        switch (outcome)
        {
            case "raised":
                logger.LogInformation("Bump {Id}: ticket {Ticket} raised {Old} → {New} ({Rule}) via {Sink}", bump.Id, request.TicketId, result.OldPriority ?? "?", result.NewPriority, request.Rule, sink.Name);
                break;
            case "unchanged":
                logger.LogInformation("Bump {Id}: ticket {Ticket} already {Priority}, not lowered ({Rule})", bump.Id, request.TicketId, result.OldPriority, request.Rule);
                break;
            case "retry":
                logger.LogWarning("Bump {Id}: ticket {Ticket} attempt {Attempt} failed, retry at {Next:u}: {Error}", bump.Id, request.TicketId, attempt, next, error);
                break;
            default:
                logger.LogError("Bump {Id}: ticket {Ticket} is dead after attempt {Attempt}: {Error}", bump.Id, request.TicketId, attempt, error);
                break;
        }

        return outcome;
    }
}
