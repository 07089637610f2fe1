using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;
using Pipeline.Models.Anger;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;

namespace Pipeline.Models.Scoring;

/// <summary>What a scoring run did.</summary>
public sealed record ScoreSummary(string VersionKey, int Scored, IReadOnlyDictionary<string, int> Sentiment, IReadOnlyDictionary<string, int> Anger, int WithTopic, TimeSpan Elapsed);

/// <summary>
/// The score stage: every interaction without a score from the current model versions is scored, in
/// batches: sentiment and topics each through one ML.NET <c>Transform</c> per batch, anger escalation with the
/// customer's repeat contacts from the store, the three side by side on both cores. Scores are written with the
/// version key, so a new model version scores everything again and a re-run scores nothing.
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
    int batchSize = 1000)
{
    public string VersionKey => $"{sentiment.Version}|{topics.Version}|{angerVersion}";

    public async Task<ScoreSummary> RunAsync(bool rescore, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (rescore)
        {
            var removed = await store.DeleteScoresAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Rescoring: removed {Removed} earlier scores", removed);
        }

        var sentimentCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var angerCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var scored = 0;
        var withTopic = 0;
        while (true)
        {
            var batch = await store.ReadUnscoredAsync(VersionKey, batchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            var customers = batch.Select(i => i.CustomerKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var contacts = await store.ContactTimesAsync(customers, cancellationToken).ConfigureAwait(false);

            var sentimentTask = Task.Run(() => sentiment.Score(batch.Select(i => i.Text).ToList()), cancellationToken);
            var topicTask = Task.Run(() => topics.Score(batch.Select(i => i.Text).ToList()), cancellationToken);
            var angerTask = Task.Run(() => batch.Select(i => Assess(i, contacts)).ToArray(), cancellationToken);
            await Task.WhenAll(sentimentTask, topicTask, angerTask).ConfigureAwait(false);

            var now = time.GetUtcNow();
            var scores = batch.Select((interaction, n) =>
            {
                var s = sentimentTask.Result[n];
                var (a, recent) = angerTask.Result[n];
                var t = topicTask.Result[n];
                return new InteractionScore(
                    interaction.Id, VersionKey, SentimentFeatures.LabelName(s.Class), s.Score, s.Negative, s.Neutral, s.Positive,
                    a.Level.ToName(), a.Score, a.Categories, a.Explain(), recent, t.Dominant, t.Weight, t.Distribution, now);
            }).ToList();
            await store.WriteScoresAsync(scores, cancellationToken).ConfigureAwait(false);

            foreach (var score in scores)
            {
                sentimentCounts[score.SentimentClass] = sentimentCounts.GetValueOrDefault(score.SentimentClass) + 1;
                angerCounts[score.AngerLevel] = angerCounts.GetValueOrDefault(score.AngerLevel) + 1;
                withTopic += score.TopicId is null ? 0 : 1;
            }

            scored += scores.Count;
            logger.LogInformation("Scored {Scored} interactions", scored);
        }

        return new ScoreSummary(VersionKey, scored, sentimentCounts, angerCounts, withTopic, time.GetElapsedTime(started));
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
