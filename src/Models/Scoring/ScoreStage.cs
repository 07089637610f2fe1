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
public sealed record ScoreSummary(string VersionKey, int Scored, IReadOnlyDictionary<SentimentClass, int> Sentiment, IReadOnlyDictionary<AngerLevel, int> Anger, int WithTopic, TimeSpan Elapsed, int Bumps = 0, bool Stopped = false);

/// <summary>
/// The score stage: every interaction without a score from the current model versions is scored, in
/// batches: sentiment and topics each through one ML.NET <c>Transform</c> per batch, anger escalation with the
/// customer's repeat contacts from the store, the three side by side on both cores. Scores are written with the
/// version key, so a new model version scores everything again and a re-run scores nothing. Each batch is claimed
/// from the store (several workers on PostgreSQL take disjoint batches) and committed whole, together with the
/// priority bumps the <see cref="IBumpPolicy"/> decides; a stop request ends the run after the batch in hand.
/// Every run is recorded in the store's runs (kind "score") with how many it scored.
/// </summary>
public sealed class ScoreStage(
    IInteractionStore store,
    SentimentModel sentiment,
    TopicModel topics,
    AngerEngine anger,
    string angerVersion,
    int repeatContactDays,
    TimeProvider time,
    ILogger logger,
    int batchSize = 1000,
    IBumpPolicy? bumps = null)
{
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
        var sentimentCounts = new Dictionary<SentimentClass, int>();
        var angerCounts = new Dictionary<AngerLevel, int>();
        int scored = 0, withTopic = 0, bumped = 0;
        var stopped = false;
        var failed = false;
        try
        {
            while (true)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    stopped = true;
                    break;
                }

                await using var batch = await store.ClaimUnscoredAsync(VersionKey, batchSize, cancellationToken).ConfigureAwait(false);
                if (batch.Interactions.Count == 0)
                {
                    break;
                }

                // From here the batch is finished even when a stop is asked for: it is scored and committed whole.
                var (scores, requests) = await ScoreAsync(batch.Interactions).ConfigureAwait(false);
                bumped += await batch.CommitAsync(scores, requests, CancellationToken.None).ConfigureAwait(false);
                foreach (var score in scores)
                {
                    sentimentCounts[score.SentimentClass] = sentimentCounts.GetValueOrDefault(score.SentimentClass) + 1;
                    angerCounts[score.AngerLevel] = angerCounts.GetValueOrDefault(score.AngerLevel) + 1;
                    withTopic += score.TopicId is null ? 0 : 1;
                }

                scored += scores.Count;
                logger.LogInformation("Scored {Scored} interactions", scored);
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed ? "failed" : stopped ? "stopped" : "completed";
            await store.CompleteRunAsync(runId, new RunCounts(0, scored, scored, 0, 0, 0), status, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        return new ScoreSummary(VersionKey, scored, sentimentCounts, angerCounts, withTopic, time.GetElapsedTime(started), bumped, stopped);
    }

    private async Task<(IReadOnlyList<InteractionScore> Scores, IReadOnlyList<BumpRequest> Bumps)> ScoreAsync(IReadOnlyList<Interaction> batch)
    {
        var customers = batch.Select(i => i.CustomerKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var contacts = await store.ContactTimesAsync(customers, CancellationToken.None).ConfigureAwait(false);

        var sentimentTask = Task.Run(() => sentiment.Score(batch.Select(i => i.Text).ToList()));
        var topicTask = Task.Run(() => topics.Score(batch.Select(i => i.Text).ToList()));
        var angerTask = Task.Run(() => batch.Select(i => Assess(i, contacts)).ToArray());
        await Task.WhenAll(sentimentTask, topicTask, angerTask).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var scores = new List<InteractionScore>(batch.Count);
        var requests = new List<BumpRequest>();
        for (var n = 0; n < batch.Count; n++)
        {
            var interaction = batch[n];
            var s = sentimentTask.Result[n];
            var (a, recent) = angerTask.Result[n];
            var t = topicTask.Result[n];
            scores.Add(new InteractionScore(
                interaction.Id, VersionKey, s.Class, s.Score, s.Negative, s.Neutral, s.Positive,
                a.Level, a.Score, a.Categories, a.Explain(), recent, t.Dominant, t.Weight, t.Distribution, now));
            var facts = new EscalationFacts(a.Level, a.Score, a.Categories,
                a.Matches.Where(m => m.Weight > 0).Select(m => m.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), a.Explain(), recent);
            if (bumps?.Decide(interaction, facts, now) is { } request)
            {
                requests.Add(request);
            }
        }

        return (scores, requests);
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
