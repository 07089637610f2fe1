using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>The analysts' view <c>interaction_scores</c> and the topic labels it shows, on both stores.</summary>
public abstract partial class InteractionStoreContract
{
    [Test]
    public async Task ReadScoredAsync_ScoredUnscoredAndBumped_ShowsEachWithItsScoreLabelAndLatestBump()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.FromHours(-4));
        var scored = Some.Interaction(at: day, customer: "cust_a");
        var unscored = Some.Interaction(at: day.AddHours(1), customer: null);
        var bumped = Some.Interaction(at: day.AddHours(2), customer: null);
        var later = Some.Interaction(at: day.AddDays(10), customer: null);
        await Store.WriteAsync(run, [scored, unscored, bumped, later], CancellationToken.None);
        await Store.SaveTopicLabelsAsync(new Dictionary<int, string> { [7] = "old label" }, CancellationToken.None);
        await Store.SaveTopicLabelsAsync(new Dictionary<int, string> { [7] = "fees, late payment", [2] = "other" }, CancellationToken.None);
        await using (var batch = await Store.ClaimUnscoredAsync("v1", 100, null, CancellationToken.None))
        {
            await batch.CommitAsync([ScoreOf(scored, "v1"), Outbox.Score(bumped)], [Outbox.Bump(bumped, "T-1")], CancellationToken.None);
        }

        var rows = new List<ScoredInteraction>();
        await foreach (var row in Store.ReadScoredAsync(day, day.AddDays(1), CancellationToken.None))
        {
            rows.Add(row);
        }

        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { scored.Id, unscored.Id, bumped.Id }), "the window's interactions in received order");
        var first = rows[0];
        Assert.That((first.Channel, first.ReceivedAt, first.ReceivedAt.Offset, first.Text, first.CustomerKey, first.SourcePath),
            Is.EqualTo((scored.Channel, scored.ReceivedAt, TimeSpan.FromHours(-4), scored.Text, "cust_a", scored.Source.Path)));
        Assert.That((first.VersionKey, first.Sentiment, first.SentimentScore, first.TopicId, first.TopicLabel, first.TopicWeight),
            Is.EqualTo(("v1", (SentimentClass?)SentimentClass.Negative, (double?)-0.5, (int?)7, "fees, late payment", (double?)0.61)));
        Assert.That((first.AngerLevel, first.AngerScore, first.AngerExplanation, first.RecentContacts, first.BumpStatus),
            Is.EqualTo(((AngerLevel?)AngerLevel.High, (double?)5.5, "high: score 5.5 ≥ high 4.5", (int?)2, (BumpStatus?)null)));
        Assert.That(first.AngerCategories, Is.EqualTo(new[] { "anger", "legal" }));
        Assert.That(first.ScoredAt, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)));
        var second = rows[1];
        Assert.That((second.VersionKey, second.ScoredAt, second.Sentiment, second.TopicLabel, second.AngerLevel, second.BumpStatus),
            Is.EqualTo(((string?)null, (DateTimeOffset?)null, (SentimentClass?)null, (string?)null, (AngerLevel?)null, (BumpStatus?)null)));
        Assert.That(second.AngerCategories, Is.Empty);
        Assert.That((rows[2].TopicId, rows[2].TopicLabel, rows[2].BumpStatus, rows[2].BumpPriority),
            Is.EqualTo(((int?)null, (string?)null, (BumpStatus?)BumpStatus.Pending, (TicketPriority?)TicketPriority.Urgent)));
    }

    [Test]
    public async Task ReadScoredAsync_NoWindow_ReadsTheWholeStore()
    {
        var run = await RunAsync();
        await Store.WriteAsync(run, [Some.Interaction(at: new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero)), Some.Interaction(at: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))], CancellationToken.None);

        var count = 0;
        await foreach (var _ in Store.ReadScoredAsync(null, null, CancellationToken.None))
        {
            count++;
        }

        Assert.That(count, Is.EqualTo(2));
    }
}
