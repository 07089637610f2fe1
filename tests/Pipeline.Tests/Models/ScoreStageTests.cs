using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Feedback;
using Pipeline.Models.Anger;
using Pipeline.Models.Scoring;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;
using Pipeline.Storage;
using Pipeline.Tests.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class ScoreStageTests
{
    private static readonly VaderScorer Vader = new(VaderLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt")));
    private static readonly SentimentNames Names = SentimentNames.Load(Path.Combine(TestPaths.Data, "lexicons", "sentiment-names.en.txt"));
    private static readonly AngerEngine Anger = new(AngerLexicon.LoadDirectory(Path.Combine(TestPaths.Data, "lexicons")), new AngerOptions());

    /// <summary>A small model, fitted in a second on every tenth shipped training sentence.</summary>
    private static readonly Lazy<SentimentModel> SmallModel = new(() =>
        new SentimentTrainer(new SentimentFeatures(Vader, Names), Vader).Fit(SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment")).Where((_, i) => i % 10 == 0).ToList(), "small"));

    /// <summary>A small topic model, fitted in a few seconds on the shipped CFPB narratives.</summary>
    private static readonly Lazy<TopicModel> SmallTopics = new(() =>
    {
        var options = new TopicOptions { Count = 4, Restarts = 1, Iterations = 60, StopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.txt") };
        var corpus = TopicTrainerTests.ShippedCorpusAsync(options).GetAwaiter().GetResult();
        var directory = TestPaths.NewScratch("score-topics");
        new TopicTrainer(options, TimeProvider.System, NullLogger.Instance).Train(corpus, null, null, new Dictionary<int, string>(), directory, CancellationToken.None);
        return TopicModel.Load(directory);
    });

    private static ScoreStage CreateSut(IInteractionStore store, string angerVersion = "anger-test", int batchSize = 2, IBumpPolicy? bumps = null) =>
        new(store, new SentimentModels(SmallModel.Value), new TopicModels(SmallTopics.Value), Anger, angerVersion, 30, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)), NullLogger.Instance, batchSize, bumps);

    [Test]
    public async Task RunAsync_Twice_ScoresEveryInteractionOnce()
    {
        var setting = StageHarness.NewSqliteStore();
        await using var store = await StoreFactory.OpenAsync(setting, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run,
        [
            Some.Interaction(text: "I am FURIOUS, this is a disgrace and I am fed up!!"),
            Some.Interaction(id: "email-thanks", text: "Thank you, the new card works perfectly."),
            Some.Interaction(text: null, customer: null),
            Some.Interaction(id: "complaint-report", text: "The credit bureaus keep reporting accounts that are not mine on my credit report; I disputed them with Equifax and Experian."),
        ], CancellationToken.None);

        var first = await CreateSut(store).RunAsync(rescore: false, CancellationToken.None);
        var second = await CreateSut(store).RunAsync(rescore: false, CancellationToken.None);
        var newVersion = await CreateSut(store, angerVersion: "anger-test-2").RunAsync(rescore: false, CancellationToken.None);
        var rescored = await CreateSut(store, angerVersion: "anger-test-2").RunAsync(rescore: true, CancellationToken.None);

        Assert.That((first.Scored, second.Scored, newVersion.Scored, rescored.Scored), Is.EqualTo((4, 0, 4, 4)));
        var scores = await StoredScores.ListAsync(setting);
        Assert.That(scores, Has.Count.EqualTo(4));
        Assert.That(scores.Select(s => s.VersionKey).Distinct(), Is.EqualTo(new[] { $"small|{SmallTopics.Value.Version}|anger-test-2" }));
        var report = scores.Single(s => s.InteractionId == "complaint-report");
        Assert.That(report.TopicId, Is.InRange(1, 4));
        Assert.That(report.TopicDistribution[report.TopicId!.Value], Is.EqualTo(report.TopicWeight));
        Assert.That(scores.Where(s => s.TopicId is null), Is.Not.Empty, "a text without any word the topic model knows (or no text) has no topic");
        var angry = scores.Single(s => s.AngerLevel == AngerLevel.Critical);
        Assert.That(angry.AngerCategories, Does.Contain("anger"));
        Assert.That(angry.AngerExplanation, Does.Contain("'FURIOUS'"));
        Assert.That(angry.SentimentClass, Is.EqualTo(SentimentClass.Negative));
        var thanks = scores.Single(s => s.InteractionId == "email-thanks");
        Assert.That((thanks.AngerLevel, thanks.SentimentClass), Is.EqualTo((AngerLevel.None, SentimentClass.Positive)));
        Assert.That(thanks.SentimentScore, Is.GreaterThan(0));
    }

    [TestCase(Languages.English, true)]
    [TestCase(Languages.Russian, false)]
    [TestCase(Languages.Chinese, false)]
    [TestCase(Languages.Other, false)]
    public async Task RunAsync_TextInALanguage_GetsATopicOnlyFromTheModelOfItsLanguage(string language, bool topic)
    {
        var setting = StageHarness.NewSqliteStore();
        await using var store = await StoreFactory.OpenAsync(setting, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        const string Text = "The credit bureaus keep reporting accounts that are not mine on my credit report; I disputed them with Equifax and Experian.";
        await store.WriteAsync(run, [Some.Interaction(id: "complaint-report", text: Text) with { Language = language }], CancellationToken.None);

        await CreateSut(store).RunAsync(rescore: false, CancellationToken.None);

        var score = (await StoredScores.ListAsync(setting)).Single();
        Assert.That(score.TopicId.HasValue, Is.EqualTo(topic), "the topic model is fitted on English: another language gets no topic until it has its own");
        Assert.That(score.TopicDistribution, topic ? Is.Not.Empty : Is.Empty);
    }

    [Test]
    public async Task RunAsync_Interactions_TimesEachModelAndTheStore()
    {
        await using var store = await StageHarness.SqliteAsync();
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run, [Some.Interaction(text: "I am furious about the fees."), Some.Interaction(text: "Where is my card?")], CancellationToken.None);
        var stage = new ScoreStage(store, new SentimentModels(SmallModel.Value), new TopicModels(SmallTopics.Value), Anger, "anger-test", 30, TimeProvider.System, NullLogger.Instance, 1, null);

        var summary = await stage.RunAsync(rescore: false, CancellationToken.None);
        var again = await stage.RunAsync(rescore: false, CancellationToken.None);

        var t = summary.Timings;
        Assert.That(new[] { t.Sentiment, t.Topics, t.Anger, t.Store }, Has.All.GreaterThan(TimeSpan.Zero));
        Assert.That((again.Timings.Sentiment, again.Timings.Topics, again.Timings.Anger), Is.EqualTo((TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)), "nothing left to score");
    }

    [Test]
    public async Task RunAsync_CustomerWhoCameBack_CountsTheEarlierContactsInTheWindow()
    {
        var setting = StageHarness.NewSqliteStore();
        await using var store = await StoreFactory.OpenAsync(setting, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await store.WriteAsync(run,
        [
            Some.Interaction(channel: Channel.Complaint, at: day.AddDays(-60), customer: "cust_a", text: "Old complaint."),
            Some.Interaction(channel: Channel.Email, at: day.AddDays(-10), customer: "cust_a", text: "Where is my refund?"),
            Some.Interaction(channel: Channel.Call, at: day.AddDays(-2), customer: "cust_a", text: "Still no refund."),
            Some.Interaction(channel: Channel.Email, at: day, customer: "cust_a", id: "email-latest", text: "Where is my refund?"),
        ], CancellationToken.None);

        await CreateSut(store).RunAsync(rescore: false, CancellationToken.None);

        var latest = (await StoredScores.ListAsync(setting)).Single(s => s.InteractionId == "email-latest");
        Assert.That(latest.RecentContacts, Is.EqualTo(2), "two earlier contacts in the last 30 days; the one 60 days ago is outside");
        Assert.That(latest.AngerExplanation, Does.Contain("repeat contact +2"));
    }

    [Test]
    public async Task RunAsync_AngryInteractionWithATicket_PutsOneBumpInTheOutboxWithItsScore()
    {
        await using var store = await StageHarness.SqliteAsync();
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run,
        [
            Some.Interaction(id: "email-angry", text: "I am FURIOUS, this is a disgrace and I am fed up!! My lawyer will hear about this."),
            Some.Interaction(id: "email-calm", text: "Thank you, the new card works perfectly."),
        ], CancellationToken.None);
        var rules = new BumpRules(new FeedbackOptions { Rules = [new() { Name = "critical-anger", MinLevel = "critical", Priority = "urgent" }] });

        var first = await CreateSut(store, bumps: rules).RunAsync(rescore: false, CancellationToken.None);
        var again = await CreateSut(store, bumps: rules).RunAsync(rescore: true, CancellationToken.None);
        var bump = (await ((IBumpStore)store).ListBumpsAsync(null, CancellationToken.None)).Single();
        var runs = await store.ListRunsAsync(10, CancellationToken.None);

        Assert.That((first.Bumps, again.Bumps), Is.EqualTo((1, 0)), "rescoring does not bump the same ticket again");
        Assert.That((bump.Request.InteractionId, bump.Request.TicketId, bump.Request.Priority), Is.EqualTo(("email-angry", "T-1", TicketPriority.Urgent)));
        Assert.That(bump.Request.Terms, Does.Contain("FURIOUS").And.Contain("lawyer"));
        Assert.That(runs.Where(r => r.Kind == "score").Select(r => (r.Status, r.Counts!.Stored)), Is.EqualTo(new[] { (RunStatus.Completed, 2L), (RunStatus.Completed, 2L) }));
    }

    [Test]
    public async Task RunAsync_StopRequested_EndsAfterTheBatchInHandAndSaysSo()
    {
        await using var store = await StageHarness.SqliteAsync();
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run, Enumerable.Range(0, 6).Select(_ => Some.Interaction()).ToList(), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var summary = await CreateSut(store).RunAsync(rescore: false, stop.Token);

        Assert.That((summary.Scored, summary.Stopped), Is.EqualTo((0, true)));
        Assert.That((await store.ListRunsAsync(10, CancellationToken.None)).Single(r => r.Kind == "score").Status, Is.EqualTo(RunStatus.Stopped));
    }
}
