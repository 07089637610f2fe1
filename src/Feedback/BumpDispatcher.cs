using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Feedback;
using Pipeline.Feedback.Sinks;
using Polly;
using Polly.CircuitBreaker;

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
/// <remarks>
/// Two rules keep a dispatcher from pressing a helpdesk or its own lease:
/// <list type="bullet">
/// <item>A helpdesk that asks to slow down (429, or 503 with <c>Retry-After</c>) pauses the whole sink for as long as it
/// asked (from the second request of a minute on; capped by <see cref="FeedbackOptions.MaxRetryAfterSeconds"/>), not just
/// that bump: Polly's circuit breaker opens on such an answer, and the bumps in hand are handed back unsent, due when the
/// pause ends.</item>
/// <item>A bump is sent only while the batch's lease outlasts the sink's longest delivery (<see cref="IBumpSink.LongestDelivery"/>):
/// the rest of the batch is handed back, so no other dispatcher can claim and send a bump this one is still sending.</item>
/// </list>
/// </remarks>
public sealed class BumpDispatcher
{
    private static readonly ResiliencePropertyKey<TimeSpan> AskedPause = new("pipeline.retry-after");

    private readonly IBumpStore store;
    private readonly IBumpSink sink;
    private readonly FeedbackOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RetrySchedule _retries;
    private readonly ResiliencePipeline<DeliveryResult> _slowDown;

    public BumpDispatcher(IBumpStore store, IBumpSink sink, FeedbackOptions options, TimeProvider time, ILogger logger, Random? random = null)
    {
        this.store = store;
        this.sink = sink;
        this.options = options;
        this.time = time;
        this.logger = logger;
        _retries = new RetrySchedule(options, random ?? Random.Shared);
        _slowDown = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<DeliveryResult>
            {
                // Any answer that asks to slow down, among at least two requests in a minute, opens the breaker.
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { Outcome: DeliveryOutcome.Retry, RetryAfter: not null }),
                FailureRatio = 0.01,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDurationGenerator = args => ValueTask.FromResult(args.Context.Properties.TryGetValue(AskedPause, out var asked) ? asked : TimeSpan.FromSeconds(30)),
            })
            .Build();
    }

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

            var leaseEnds = now + TimeSpan.FromSeconds(options.LeaseSeconds);
            DateTimeOffset? pausedUntil = null;
            var endRun = false;
            for (var i = 0; i < batch.Count; i++)
            {
                var bump = batch[i];
                if (time.GetUtcNow() + sink.LongestDelivery > leaseEnds)
                {
                    // Sending now could outlast the lease, and another dispatcher could claim the bump and send it too.
                    await store.ReleaseAsync(batch.Skip(i).Select(b => b.Id).ToList(), time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    logger.LogInformation("{Count} bumps handed back: the batch's lease would not outlast another delivery via {Sink}", batch.Count - i, sink.Name);
                    endRun = i == 0; // not even the first fitted (a slow claim): end the run rather than claim again at once
                    break;
                }

                // The batch in hand is finished even when a stop was asked for: each bump ends recorded or handed back.
                var delivered = await DeliverAsync(bump, CancellationToken.None).ConfigureAwait(false);
                if (delivered.PausedUntil is { } until)
                {
                    await store.ReleaseAsync(batch.Skip(i).Select(b => b.Id).ToList(), until, CancellationToken.None).ConfigureAwait(false);
                    logger.LogWarning("The helpdesk asked to slow down: {Sink} paused until {Until:u}; {Count} bumps wait for it", sink.Name, until, batch.Count - i);
                    pausedUntil = until;
                    break;
                }

                attempts++;
                tried.Add(bump.Id);
                switch (delivered.Outcome)
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

            if (endRun)
            {
                break;
            }

            if (pausedUntil is { } pause)
            {
                var wait = pause - time.GetUtcNow();
                if (wait > TimeSpan.FromSeconds(options.MaxWaitSeconds))
                {
                    break;
                }

                try
                {
                    await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    stopped = true;
                    break;
                }
            }
        }

        var waiting = await store.NextDueAsync(CancellationToken.None).ConfigureAwait(false);
        var pending = waiting is null ? 0 : (await store.ListBumpsAsync(BumpStatus.Pending, CancellationToken.None).ConfigureAwait(false)).Count;
        return new DispatchSummary(tried.Count, raised, unchanged, pending, dead, attempts, time.GetElapsedTime(started), waiting, stopped);
    }

    /// <summary>
    /// One bump's delivery: the outcome recorded in its attempt ("raised", "unchanged", "retry", "dead"), or, when the
    /// sink is paused (the helpdesk asked to slow down), nothing sent and nothing recorded until <paramref name="PausedUntil"/>.
    /// </summary>
    private readonly record struct Delivered(string? Outcome, DateTimeOffset? PausedUntil = null);

    private async Task<Delivered> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken)
    {
        var attempt = bump.Attempts + 1;
        var clock = Stopwatch.StartNew();
        DeliveryResult result;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            result = await _slowDown.ExecuteAsync(
                static async (context, state) =>
                {
                    var delivered = await state.Sink.DeliverAsync(state.Bump, context.CancellationToken).ConfigureAwait(false);
                    if (delivered.RetryAfter is { } asked)
                    {
                        context.Properties.Set(AskedPause, asked < state.Cap ? asked : state.Cap);
                    }

                    return delivered;
                },
                context,
                (Sink: sink, Bump: bump, Cap: TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            return new Delivered(null, time.GetUtcNow() + (ex.RetryAfter ?? TimeSpan.FromSeconds(30)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = DeliveryResult.Retry($"{sink.Name} failed: {ex.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
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

        return new Delivered(outcome);
    }
}
