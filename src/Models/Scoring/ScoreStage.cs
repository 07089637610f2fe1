using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;
using Pipeline.Models.Anger;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;

namespace Pipeline.Models.Scoring;

/// <summary>What a scoring run did. <see cref="Bumps"/> counts the new priority bumps it put in the outbox; <see cref="Stopped"/> says it was asked to stop early.</summary>
public sealed record ScoreSummary(string VersionKey, int Scored, IReadOnlyDictionary<SentimentClass, int> Sentiment, IReadOnlyDictionary<AngerLevel, int> Anger, int WithTopic, TimeSpan Elapsed, int Bumps = 0, bool Stopped = false)
{
    /// <summary>Where the time went: each model's time summed over the cores (so the three add up to about the cores × the scoring time), and the store's.</summary>
    public ScoreTimings Timings { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>Time spent in the sentiment model, the topic model and the anger engine (summed over the cores, each scoring chunks of a batch) and waiting on the store (claims, contact times, commits).</summary>
public sealed record ScoreTimings(TimeSpan Sentiment, TimeSpan Topics, TimeSpan Anger, TimeSpan Store);

/// <summary>
/// The score stage: every interaction without a score from the current model versions is scored, in
/// batches: each batch handed to the cores in chunks, each chunk scored by the sentiment model, the topic model
/// (both with their trained weights applied directly) and the anger engine with the customer's repeat contacts from
/// the store, while the next batch is claimed and the last one committed. Scores are written with the version key,
/// so a new model version scores everything again and a re-run scores nothing. Each batch is claimed from the
/// store (several workers on PostgreSQL take disjoint batches) and committed whole, together with the
/// priority bumps the <see cref="IBumpPolicy"/> decides; a stop request ends the run after the batch in hand.
/// Every run is recorded in the store's runs (kind "score") with how many it scored.
/// </summary>
public sealed class ScoreStage(
    IScoringQueue store,
    SentimentModels sentiment,
    TopicModels topics,
    AngerEngine anger,
    string angerVersion,
    int repeatContactDays,
    TimeProvider time,
    ILogger logger,
    int batchSize = 1000,
    IBumpPolicy? bumps = null)
{
    /// <summary>
    /// Interactions a core takes at a time. A batch ends when its last chunk does, with the other core idle meanwhile: 32
    /// (about 4 ms of work) left half a chunk idle per batch on average, and 8 took 0.12 s off scoring the anchor (BENCHMARKS.md).
    /// </summary>
    private const int Chunk = 8;

    public string VersionKey => $"{sentiment.Version}|{topics.Version}|{angerVersion}";

    /// <param name="cancellationToken">A stop request: the batch in hand is scored and committed, then the run ends.</param>
    public async Task<ScoreSummary> RunAsync(bool rescore, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (rescore)
        {
            var removed = await store.DeleteScoresAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Rescoring: removed {Removed} earlier scores", removed);
        }

        var runId = await store.BeginRunAsync("score", [VersionKey], time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);

        // Claims do not wait for the store's preparation (PostgreSQL: the scores partitions of the months, made beside
        // them); each batch's commit waits for what its scores need. Not cancelled by a stop, which lets the batch in
        // hand commit; awaited before the run ends, so that its failure is the run's.
        var preparing = store.PrepareScoringAsync(CancellationToken.None);

        var sentimentCounts = new Dictionary<SentimentClass, int>();
        var angerCounts = new Dictionary<AngerLevel, int>();
        int scored = 0, withTopic = 0, bumped = 0;
        var clock = new StageClock(time);
        var stopped = false;
        var failed = false;
        string? after = null;

        // Counts what a batch's commit stored, once it has.
        async Task CommittedAsync(InFlight batch)
        {
            bumped += await FinishAsync(batch, clock).ConfigureAwait(false);
            foreach (var score in batch.Scores)
            {
                sentimentCounts[score.SentimentClass] = sentimentCounts.GetValueOrDefault(score.SentimentClass) + 1;
                angerCounts[score.AngerLevel] = angerCounts.GetValueOrDefault(score.AngerLevel) + 1;
                withTopic += score.TopicId is null ? 0 : 1;
            }

            scored += batch.Scores.Count;
            logger.LogInformation("Scored {Scored} interactions", scored);
        }

        // A bounded pipeline over the store: while one batch is scored (both cores), the next is claimed and the one
        // before is committed, so the store's round trips overlap the scoring. At most three batches are in hand. Claims
        // and commits run on the thread pool: a store whose driver works synchronously (SQLite) would otherwise do them
        // on this thread, between two batches' scoring, with the cores idle.
        Task<Claimed>? claiming = Task.Run(() => ClaimAsync(after));
        InFlight? committing = null;
        try
        {
            while (true)
            {
                var waited = time.GetTimestamp();
                var next = claiming;
                claiming = null;
                var (batch, contacts) = await next.ConfigureAwait(false);
                clock.Add(ref clock.Store, waited);
                if (batch.Interactions.Count == 0 || cancellationToken.IsCancellationRequested)
                {
                    stopped = batch.Interactions.Count > 0;
                    await batch.DisposeAsync().ConfigureAwait(false);
                    break;
                }

                var last = batch.Cursor;
                after = last;
                claiming = Task.Run(() => ClaimAsync(last));

                // From here the batch is finished even when a stop is asked for: it is scored and committed whole.
                var interactions = batch.Interactions;
                var (scores, requests) = await Task.Run(() => Score(interactions, contacts, clock)).ConfigureAwait(false);
                if (committing is not null)
                {
                    await CommittedAsync(committing).ConfigureAwait(false);
                    committing = null;
                }

                var toCommit = batch;
                committing = new InFlight(batch, scores, Task.Run(() => toCommit.CommitAsync(scores, requests, CancellationToken.None)));
            }

            if (committing is not null)
            {
                await CommittedAsync(committing).ConfigureAwait(false);
                committing = null;
            }

            await preparing.ConfigureAwait(false);
            if (!stopped)
            {
                // Every batch claimed is committed and the claims found nothing more: what is whole can be passed by.
                await store.RecordScoredAsync(VersionKey, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await ReleaseAsync(claiming, committing).ConfigureAwait(false);
            if (failed)
            {
                await SettleAsync(preparing).ConfigureAwait(false);
            }

            var status = failed ? RunStatus.Failed : stopped ? RunStatus.Stopped : RunStatus.Completed;
            await store.CompleteRunAsync(runId, new RunCounts(0, scored, scored, 0, 0, 0), status, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        return new ScoreSummary(VersionKey, scored, sentimentCounts, angerCounts, withTopic, time.GetElapsedTime(started), bumped, stopped) { Timings = clock.Timings };
    }

    /// <summary>A batch whose commit is running.</summary>
    private sealed record InFlight(IScoringBatch Batch, IReadOnlyList<InteractionScore> Scores, Task<int> Commit);

    /// <summary>Waits for a batch's commit (the time waited counts as the store's) and lets the batch go; returns its new bumps.</summary>
    private async Task<int> FinishAsync(InFlight batch, StageClock clock)
    {
        var waited = time.GetTimestamp();
        try
        {
            return await batch.Commit.ConfigureAwait(false);
        }
        finally
        {
            clock.Add(ref clock.Store, waited);
            await batch.Batch.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>After a failure: gives back the claimed batch nobody scored and lets a commit in flight finish (it is whole or nothing).</summary>
    private async Task ReleaseAsync(Task<Claimed>? claiming, InFlight? committing)
    {
        if (claiming is not null)
        {
            try
            {
                await (await claiming.ConfigureAwait(false)).Batch.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Giving back a claimed batch failed; its claim ends with its transaction");
            }
        }

        if (committing is not null)
        {
            try
            {
                await committing.Commit.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A batch's commit failed while the run was ending; its interactions are scored by the next run");
            }
            finally
            {
                await committing.Batch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>After a failure: lets the store's preparation end, its own failure logged (the run's is the one thrown).</summary>
    private async Task SettleAsync(Task preparing)
    {
        try
        {
            await preparing.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Preparing the store for scores failed as well");
        }
    }

    /// <summary>Claims the next batch and reads its customers' contact times (both the store's work, overlapping the scoring of the batch before).</summary>
    private async Task<Claimed> ClaimAsync(string? after)
    {
        var batch = await store.ClaimUnscoredAsync(VersionKey, batchSize, after, CancellationToken.None).ConfigureAwait(false);
        try
        {
            var customers = new HashSet<string>(StringComparer.Ordinal);
            DateTimeOffset first = DateTimeOffset.MaxValue, last = DateTimeOffset.MinValue;
            foreach (var interaction in batch.Interactions)
            {
                if (interaction.CustomerKey is { } key)
                {
                    customers.Add(key);
                    first = interaction.ReceivedAt < first ? interaction.ReceivedAt : first;
                    last = interaction.ReceivedAt > last ? interaction.ReceivedAt : last;
                }
            }

            // The contacts Assess counts: from the repeat window before the earliest of these interactions up to the latest.
            var contacts = customers.Count == 0
                ? new Dictionary<string, IReadOnlyList<DateTimeOffset>>()
                : await store.ContactTimesAsync([.. customers], first.AddDays(-repeatContactDays), last, CancellationToken.None).ConfigureAwait(false);
            return new Claimed(batch, contacts);
        }
        catch
        {
            await batch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record Claimed(IScoringBatch Batch, IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>> Contacts);

    /// <summary>
    /// Scores a batch on all cores: chunks of <see cref="Chunk"/> interactions handed out as the cores free up, each
    /// chunk through the sentiment model, the topic model and the anger engine (all thread-safe), so a core is never
    /// left waiting for the other's slower half.
    /// </summary>
    private (IReadOnlyList<InteractionScore> Scores, IReadOnlyList<BumpRequest> Bumps) Score(IReadOnlyList<Interaction> batch,
        IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>> contacts, StageClock clock)
    {
        var now = time.GetUtcNow();
        var scores = new InteractionScore[batch.Count];
        var requests = new BumpRequest?[batch.Count];
        var chunks = (batch.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk =>
        {
            var from = chunk * Chunk;
            var to = Math.Min(batch.Count, from + Chunk);
            var texts = new string?[to - from];
            var languages = new string[to - from];
            for (var n = from; n < to; n++)
            {
                texts[n - from] = batch[n].Text;
                languages[n - from] = batch[n].Language;
            }

            var started = time.GetTimestamp();
            var sentiments = sentiment.Score(texts, languages);
            started = clock.Add(ref clock.Sentiment, started);
            var assignments = topics.Score(texts, languages);
            started = clock.Add(ref clock.Topics, started);
            for (var n = from; n < to; n++)
            {
                var interaction = batch[n];
                var s = sentiments[n - from];
                var t = assignments[n - from];
                var (a, recent) = Assess(interaction, contacts);
                var explanation = a.Explain();
                scores[n] = new InteractionScore(
                    interaction.Id, VersionKey, s.Class, s.Score, s.Negative, s.Neutral, s.Positive,
                    a.Level, a.Score, a.Categories, explanation, recent, t.Dominant, t.Weight, t.Distribution, now);
                if (bumps is not null)
                {
                    var facts = new EscalationFacts(a.Level, a.Score, a.Categories,
                        a.Matches.Where(m => m.Weight > 0).Select(m => m.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), explanation, recent);
                    requests[n] = bumps.Decide(interaction, facts, now);
                }
            }

            clock.Add(ref clock.Anger, started);
        });

        var decided = new List<BumpRequest>();
        foreach (var request in requests)
        {
            if (request is not null)
            {
                decided.Add(request);
            }
        }

        return (scores, decided);
    }

    /// <summary>Elapsed ticks per part of the stage, added from the threads that do the parts.</summary>
    private sealed class StageClock(TimeProvider time)
    {
        public long Sentiment;
        public long Topics;
        public long Anger;
        public long Store;

        public ScoreTimings Timings => new(Span(Sentiment), Span(Topics), Span(Anger), Span(Store));

        /// <summary>Adds the time since <paramref name="since"/>; returns now, where the next part starts.</summary>
        public long Add(ref long total, long since)
        {
            var now = time.GetTimestamp();
            Interlocked.Add(ref total, now - since);
            return now;
        }

        private TimeSpan Span(long ticks) => TimeSpan.FromSeconds((double)ticks / time.TimestampFrequency);
    }

    private (AngerAssessment Assessment, int RecentContacts) Assess(Interaction interaction, IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>> contacts)
    {
        var recent = 0;
        if (interaction.CustomerKey is { } customer && contacts.TryGetValue(customer, out var times))
        {
            var from = interaction.ReceivedAt.AddDays(-repeatContactDays);
            recent = times.Count(t => t >= from && t < interaction.ReceivedAt);
        }

        return (anger.Assess(interaction.Text, interaction.Language, recent), recent);
    }
}
