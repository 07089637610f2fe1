using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pipeline.Core.Storage;
using Pipeline.Feedback;
using Pipeline.Ingest;
using Pipeline.Models.Scoring;

namespace Pipeline.Cli.Telemetry;

/// <summary>
/// The worker's OpenTelemetry instruments (meter and activity source "Pipeline.Worker"): what each job handled, how long
/// it took, and the queues' depth and age as the heartbeat last sampled them. Exported by OTLP when Telemetry:OtlpEndpoint
/// is set (<see cref="TelemetrySetup"/>); any in-process listener (dotnet-counters) sees them too.
/// </summary>
public sealed class WorkerMetrics
{
    public const string Name = "Pipeline.Worker";

    /// <summary>One span per job run ("job ingest", "job score", …), with its counts and outcome.</summary>
    public static readonly ActivitySource Jobs = new(Name);

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _scored;
    private readonly Counter<long> _bumpsSent;
    private readonly Counter<long> _bumpsRetried;
    private readonly Counter<long> _bumpsDead;
    private readonly Histogram<double> _jobDuration;
    private (Backlog Unscored, Backlog Bumps, DateTimeOffset At)? _queues;

    public WorkerMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(Name);
        _ingested = meter.CreateCounter<long>("pipeline.interactions.ingested", "{interaction}", "Interactions stored by ingest (duplicates not counted).");
        _quarantined = meter.CreateCounter<long>("pipeline.interactions.quarantined", "{item}", "Items ingest set aside with a reason, per run (an item of a file read again is counted again; the store keeps it once).");
        _scored = meter.CreateCounter<long>("pipeline.interactions.scored", "{interaction}", "Interactions scored.");
        _bumpsSent = meter.CreateCounter<long>("pipeline.bumps.sent", "{bump}", "Priority bumps delivered (raised, or already as high).");
        _bumpsRetried = meter.CreateCounter<long>("pipeline.bumps.retried", "{attempt}", "Delivery attempts that failed and were scheduled again.");
        _bumpsDead = meter.CreateCounter<long>("pipeline.bumps.dead", "{bump}", "Priority bumps given up on.");
        _jobDuration = meter.CreateHistogram<double>("pipeline.job.duration", "s", "How long each job run took, by job and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] });
        meter.CreateObservableGauge("pipeline.queue.depth", () => Queue(q => q.Count), "{item}",
            "Items waiting: queue=unscored (interactions without a score), queue=bumps (bumps not yet delivered).");
        meter.CreateObservableGauge("pipeline.queue.age", () => Queue(q => q.OldestSince is { } since ? (time.GetUtcNow() - since).TotalSeconds : 0), "s",
            "How long the oldest item of each queue has waited.");
    }

    public void Ingested(IngestSummary summary)
    {
        _ingested.Add(summary.Stored);
        _quarantined.Add(summary.Rejected);
    }

    public void Scored(ScoreSummary summary) => _scored.Add(summary.Scored);

    public void Dispatched(DispatchSummary summary)
    {
        var sent = summary.Raised + summary.Unchanged;
        _bumpsSent.Add(sent);
        _bumpsDead.Add(summary.Dead);
        _bumpsRetried.Add(Math.Max(0, summary.Attempts - sent - summary.Dead));
    }

    public void JobFinished(string job, RunStatus status, TimeSpan elapsed) =>
        _jobDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("status", status.ToName()));

    /// <summary>The queues as the heartbeat read them: reported from the first sample on.</summary>
    public void Queues(Backlog unscored, Backlog bumps, DateTimeOffset at) => _queues = (unscored, bumps, at);

    private IEnumerable<Measurement<T>> Queue<T>(Func<Backlog, T> value)
        where T : struct
    {
        if (_queues is not { } queues)
        {
            yield break;
        }

        yield return new Measurement<T>(value(queues.Unscored), new KeyValuePair<string, object?>("queue", "unscored"));
        yield return new Measurement<T>(value(queues.Bumps), new KeyValuePair<string, object?>("queue", "bumps"));
    }
}
