using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>
/// The behaviour every store must show. Runs against SQLite and against a real PostgreSQL
/// (<see cref="SqliteStoreTests"/>, <see cref="PostgresStoreTests"/>).
/// </summary>
public abstract partial class InteractionStoreContract
{
    private IInteractionStore? _store;

    private IInteractionStore Store => _store ?? throw new InvalidOperationException("The store did not open.");

    protected abstract Task<IInteractionStore> OpenStoreAsync();

    /// <summary>The store <see cref="OpenStoreAsync"/> opened last, as <c>--store</c> names it.</summary>
    protected abstract string Setting { get; }

    /// <summary>Every score the store holds (<see cref="StoredScores"/>).</summary>
    private Task<IReadOnlyList<InteractionScore>> ListScoresAsync() => StoredScores.ListAsync(Setting);

    [SetUp]
    public async Task SetUpStore()
    {
        _store = await OpenStoreAsync();
    }

    [TearDown]
    public async Task TearDownStore()
    {
        if (_store is not null)
        {
            await Store.DisposeAsync();
            _store = null;
        }
    }

    private Task<long> RunAsync() => Store.BeginRunAsync("ingest", ["test"], DateTimeOffset.UtcNow, CancellationToken.None);

    [Test]
    public async Task WriteAsync_SameBatchTwice_SecondAddsNothing()
    {
        var run = await RunAsync();
        var batch = new[] { Some.Interaction(), Some.Interaction(), Some.Interaction() };

        var first = await Store.WriteAsync(run, batch, CancellationToken.None);
        var second = await Store.WriteAsync(run, batch, CancellationToken.None);

        Assert.That(first, Is.EqualTo(new WriteResult(3, 0)));
        Assert.That(second, Is.EqualTo(new WriteResult(0, 3)));
        Assert.That((await Store.GetTotalsAsync(CancellationToken.None)).TotalInteractions, Is.EqualTo(3));
    }

    [Test]
    public async Task WriteAsync_DuplicateInsideOneBatch_IsCountedOnce()
    {
        var run = await RunAsync();
        var one = Some.Interaction();

        var result = await Store.WriteAsync(run, [one, one with { Text = "other", ReceivedAt = one.ReceivedAt.AddDays(40) }], CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WriteResult(1, 1)));
        var stored = await Store.ReadByIdsAsync([one.Id], CancellationToken.None);
        Assert.That(stored.Select(i => (i.Text, i.ReceivedAt)), Is.EqualTo(new[] { (one.Text, one.ReceivedAt) }), "the first one counts");
    }

    [TestCase("'); DROP TABLE interactions; --")]
    [TestCase("\"; DELETE FROM scores WHERE \"1\"=\"1")]
    [TestCase("x', (SELECT sqlite_version())); --")]
    [TestCase("$1 $$ ); TRUNCATE interactions; $$ \\ E'\\x41' \\x00")]
    public async Task WriteAsync_SqlInEveryTextField_IsStoredAsText(string hostile)
    {
        var run = await RunAsync();
        var interaction = Some.Interaction(id: hostile, text: hostile) with { Subject = hostile, Company = hostile, Product = hostile, Metadata = new Dictionary<string, string> { [hostile] = hostile } };

        await Store.WriteAsync(run, [interaction, Some.Interaction(id: "plain")], CancellationToken.None);

        var read = await Store.ReadByIdsAsync([hostile, "plain"], CancellationToken.None);
        Assert.That(read.Select(i => i.Id), Is.EquivalentTo(new[] { hostile, "plain" }));
        var stored = read.Single(i => i.Id == hostile);
        Assert.That((stored.Text, stored.Subject, stored.Company, stored.Product, stored.Metadata[hostile]), Is.EqualTo((hostile, hostile, hostile, hostile, hostile)));
        Assert.That((await Store.GetTotalsAsync(CancellationToken.None)).TotalInteractions, Is.EqualTo(2));
    }

    [Test]
    public async Task ReadByIdsAsync_IdsOfMonthsYearsApart_ReturnsEachFoundOneOrderedById()
    {
        var run = await RunAsync();
        var b = Some.Interaction(id: "b", at: new DateTimeOffset(2017, 3, 5, 10, 0, 0, TimeSpan.FromHours(-5)));
        var a = Some.Interaction(id: "a", at: new DateTimeOffset(2024, 11, 30, 23, 59, 0, TimeSpan.Zero), text: "Second month");
        var c = Some.Interaction(id: "c", at: new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await Store.WriteAsync(run, [b, a, c], CancellationToken.None);

        var read = await Store.ReadByIdsAsync(["c", "missing", "b", "a"], CancellationToken.None);

        Assert.That(read.Select(i => i.Id), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(read.Select(i => (i.ReceivedAt, i.Text)), Is.EqualTo(new[] { (a.ReceivedAt, a.Text), (b.ReceivedAt, b.Text), (c.ReceivedAt, c.Text) }));
    }

    [Test]
    public async Task ReadAsync_AfterWrite_ReturnsEveryFieldAsWritten()
    {
        var run = await RunAsync();
        var call = Some.Interaction(channel: Channel.Call, turns:
        [
            new Turn(Speaker.Agent, "How can I help?", TimeSpan.FromSeconds(1.5)),
            new Turn(Speaker.Customer, "Третий раз звоню!", null),
        ]);
        var noText = Some.Interaction(channel: Channel.Complaint, text: null, customer: null, at: new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Store.WriteAsync(run, [call, noText], CancellationToken.None);

        var read = new List<Interaction>();
        await foreach (var i in Store.ReadAsync(null, CancellationToken.None))
        {
            read.Add(i);
        }

        Assert.That(read, Has.Count.EqualTo(2));
        Assert.That(read[0].Id, Is.EqualTo(noText.Id), "received order");
        Assert.That(read[0].Text, Is.Null);
        Assert.That(read[0].HasText, Is.False);
        Assert.That(read[0].CustomerKey, Is.Null);
        Assert.That(read[0].CustomerIdentifiers, Is.Empty);
        Assert.That(read[0].Turns, Is.Empty);
        var back = read[1];
        Assert.That(back with { Metadata = call.Metadata, Turns = call.Turns, CustomerIdentifiers = call.CustomerIdentifiers }, Is.EqualTo(call));
        Assert.That(back.CustomerIdentifiers, Is.EqualTo(call.CustomerIdentifiers));
        Assert.That(back.ReceivedAt.Offset, Is.EqualTo(TimeSpan.FromHours(-4)));
        Assert.That(back.Metadata, Is.EquivalentTo(call.Metadata));
        Assert.That(back.Turns, Is.EqualTo(call.Turns));
    }

    [Test]
    public async Task ReadAsync_OneChannel_ReturnsOnlyThatChannel()
    {
        var run = await RunAsync();
        await Store.WriteAsync(run, [Some.Interaction(channel: Channel.Email), Some.Interaction(channel: Channel.Call)], CancellationToken.None);

        var calls = new List<Interaction>();
        await foreach (var i in Store.ReadAsync(Channel.Call, CancellationToken.None))
        {
            calls.Add(i);
        }

        Assert.That(calls.Select(c => c.Channel), Is.EqualTo(new[] { Channel.Call }));
    }

    [Test]
    public async Task ContactTimesAsync_CustomerAcrossChannels_CountsInsideTheWindowOnly()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await Store.WriteAsync(run,
        [
            Some.Interaction(channel: Channel.Email, at: day, customer: "cust_a"),
            Some.Interaction(channel: Channel.Call, at: day.AddDays(2), customer: "cust_a"),
            Some.Interaction(channel: Channel.Complaint, at: day.AddDays(-40), customer: "cust_a"),
            Some.Interaction(channel: Channel.Email, at: day.AddDays(1), customer: "cust_b"),
        ], CancellationToken.None);

        var count = await Store.CountContactsAsync("cust_a", day.AddDays(-30), day.AddDays(3));

        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public async Task WriteAsync_IdentifiersSeenBefore_JoinTheKnownCustomer()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);

        // A call with a phone number only; then an e-mail that gives the address and the same number
        // (in another batch); then an e-mail from the address alone. All three are one customer.
        await Store.WriteAsync(run, [Some.Interaction(channel: Channel.Call, at: day, customer: "cust_p1", identifiers: ["phone:p1"])], CancellationToken.None);
        await Store.WriteAsync(run,
        [
            Some.Interaction(channel: Channel.Email, at: day.AddDays(1), customer: "cust_e1", identifiers: ["email:e1", "phone:p1"]),
            Some.Interaction(channel: Channel.Email, at: day.AddDays(2), customer: "cust_e1", identifiers: ["email:e1"]),
            Some.Interaction(channel: Channel.Email, at: day.AddDays(2), customer: "cust_e2", identifiers: ["email:e2"]),
        ], CancellationToken.None);

        var keys = new List<string?>();
        await foreach (var i in Store.ReadAsync(null, CancellationToken.None))
        {
            keys.Add(i.CustomerKey);
        }

        Assert.That(keys, Is.EqualTo(new[] { "cust_p1", "cust_p1", "cust_p1", "cust_e2" }));
        Assert.That(await Store.CountContactsAsync("cust_p1", day, day.AddDays(3)), Is.EqualTo(3));
        Assert.That((await Store.GetTotalsAsync(CancellationToken.None)).Customers, Is.EqualTo(2));
    }

    private static InteractionScore ScoreOf(Interaction interaction, string version) =>
        new(interaction.Id, version, SentimentClass.Negative, -0.5, 0.6, 0.3, 0.1, AngerLevel.High, 5.5, ["anger", "legal"], "high: score 5.5 ≥ high 4.5", 2,
            7, 0.61, new Dictionary<int, double> { [2] = 0.39, [7] = 0.61 }, new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task ClaimUnscoredAsync_AfterScoresOfOneVersion_ReturnsOnlyWhatThatVersionLacks()
    {
        var run = await RunAsync();
        var batch = Enumerable.Range(0, 5).Select(_ => Some.Interaction()).ToArray();
        await Store.WriteAsync(run, batch, CancellationToken.None);

        var first = await Store.ReadUnscoredAsync("v1", 3);
        await Store.WriteScoresAsync(first.Select(i => ScoreOf(i, "v1")).ToList());
        var rest = await Store.ReadUnscoredAsync("v1", 10);
        var newVersion = await Store.ReadUnscoredAsync("v2", 10);

        Assert.That(first.Select(i => i.Id), Is.EqualTo(batch.Select(i => i.Id).Order(StringComparer.Ordinal).Take(3)));
        Assert.That(rest.Select(i => i.Id), Is.EquivalentTo(batch.Select(i => i.Id).Except(first.Select(i => i.Id))));
        Assert.That(newVersion, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task ClaimUnscoredAsync_AfterTheCursorOfABatch_StartsPastIt()
    {
        var run = await RunAsync();
        var batch = Enumerable.Range(0, 6).Select(_ => Some.Interaction()).ToArray();
        await Store.WriteAsync(run, batch, CancellationToken.None);
        var ids = batch.Select(i => i.Id).Order(StringComparer.Ordinal).ToList();

        IReadOnlyList<string> first, second, third;
        string? cursor;
        await using (var claim = await Store.ClaimUnscoredAsync("v1", 4, null, CancellationToken.None))
        {
            first = claim.Interactions.Select(i => i.Id).ToList();
            cursor = claim.Cursor;
            await claim.CommitAsync(claim.Interactions.Take(2).Select(i => ScoreOf(i, "v1")).ToList(), [], CancellationToken.None);
        }

        await using (var claim = await Store.ClaimUnscoredAsync("v1", 4, cursor, CancellationToken.None))
        {
            second = claim.Interactions.Select(i => i.Id).ToList();
        }

        await using (var claim = await Store.ClaimUnscoredAsync("v1", 10, null, CancellationToken.None))
        {
            third = claim.Interactions.Select(i => i.Id).ToList();
        }

        Assert.That(first, Is.EqualTo(ids.Take(4)));
        Assert.That(second, Is.EqualTo(ids.Skip(4)), "past the cursor only, though two before it are still unscored");
        Assert.That(third, Is.EqualTo(ids.Skip(2)), "a new run (no cursor) finds everything still unscored");
    }

    [Test]
    public async Task ReadReportRowsAsync_AWindow_ReadsOnlyWhatWasReceivedInIt()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2024, 3, 4, 0, 0, 0, TimeSpan.Zero);
        var batch = Enumerable.Range(0, 5).Select(d => Some.Interaction(at: day.AddDays(d).AddHours(12).ToOffset(TimeSpan.FromHours(-5)))).ToArray();
        await Store.WriteAsync(run, batch, CancellationToken.None);

        var rows = new List<string>();
        await foreach (var row in Store.ReadReportRowsAsync(day.AddDays(1), day.AddDays(3), CancellationToken.None))
        {
            rows.Add(row.Id);
        }

        var span = await Store.ReceivedSpanAsync(null, CancellationToken.None);
        var before = await Store.ReceivedSpanAsync(day.AddDays(2), CancellationToken.None);
        var none = await Store.ReceivedSpanAsync(day, CancellationToken.None);

        Assert.That(rows, Is.EqualTo(new[] { batch[1].Id, batch[2].Id }), "from inclusive, until exclusive, in received order");
        Assert.That(span, Is.EqualTo(new Pipeline.Core.Storage.ReceivedSpan(day.AddHours(12), day.AddDays(4).AddHours(12))));
        Assert.That(before!.Last, Is.EqualTo(day.AddDays(1).AddHours(12)));
        Assert.That(none, Is.Null);
    }

    [Test]
    public async Task TopicFirstReceivedAsync_ScoredTopics_GivesEachTopicsEarliestInteraction()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2024, 3, 4, 9, 0, 0, TimeSpan.Zero);
        var batch = Enumerable.Range(0, 4).Select(d => Some.Interaction(at: day.AddDays(d))).ToArray();
        await Store.WriteAsync(run, batch, CancellationToken.None);
        var topics = new[] { 7, 2, 7, 2 };
        await Store.WriteScoresAsync(batch.Select((i, n) => ScoreOf(i, "v1") with { TopicId = topics[n] }).ToList());

        var first = await Store.TopicFirstReceivedAsync([2, 7, 9], CancellationToken.None);

        Assert.That(first, Is.EquivalentTo(new Dictionary<int, DateTimeOffset> { [7] = day, [2] = day.AddDays(1) }), "topic 9 never seen");
    }

    [Test]
    public async Task CommitAsync_TextWithoutTopic_StoresNoTopic()
    {
        var run = await RunAsync();
        var interaction = Some.Interaction();
        await Store.WriteAsync(run, [interaction], CancellationToken.None);

        await Store.WriteScoresAsync([ScoreOf(interaction, "v1") with { TopicId = null, TopicWeight = null, TopicDistribution = new Dictionary<int, double>() }]);

        var stored = (await ListScoresAsync()).Single();
        Assert.That((stored.TopicId, stored.TopicWeight, stored.TopicDistribution.Count), Is.EqualTo(((int?)null, (double?)null, 0)));
    }

    [Test]
    public async Task CommitAsync_AnotherVersion_ReplacesTheScoreAndKeepsEveryField()
    {
        var run = await RunAsync();
        var interaction = Some.Interaction();
        await Store.WriteAsync(run, [interaction], CancellationToken.None);

        await Store.WriteScoresAsync([ScoreOf(interaction, "v1")]);
        await Store.WriteScoresAsync([ScoreOf(interaction, "v2") with { AngerLevel = AngerLevel.Critical }]);

        var stored = (await ListScoresAsync()).Single();
        var expected = ScoreOf(interaction, "v2") with { AngerLevel = AngerLevel.Critical };
        Assert.That(stored with { AngerCategories = expected.AngerCategories, TopicDistribution = expected.TopicDistribution }, Is.EqualTo(expected));
        Assert.That(stored.AngerCategories, Is.EqualTo(expected.AngerCategories));
        Assert.That(stored.TopicDistribution, Is.EquivalentTo(expected.TopicDistribution));
        Assert.That(await Store.DeleteScoresAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await ListScoresAsync(), Is.Empty);
    }

    [Test]
    public async Task CommitAsync_FirstScoresAndReplacementsInOneBatch_StoresOneScoreOfTheNewVersionEach()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);
        var interactions = Enumerable.Range(0, 6).Select(i => Some.Interaction(at: day.AddDays(i * 20), customer: null)).ToList();
        await Store.WriteAsync(run, interactions, CancellationToken.None);
        await Store.WriteScoresAsync(interactions.Where((_, i) => i % 2 == 0).Select(i => ScoreOf(i, "v1")).ToList());

        await Store.WriteScoresAsync(interactions.Select(i => ScoreOf(i, "v2")).ToList());

        var stored = await ListScoresAsync();
        Assert.That(stored.Select(s => s.InteractionId), Is.EquivalentTo(interactions.Select(i => i.Id)));
        Assert.That(stored.Select(s => s.VersionKey).Distinct(), Is.EqualTo(new[] { "v2" }));
        Assert.That(await Store.ReadUnscoredAsync("v2", 100), Is.Empty);
    }

    [Test]
    public async Task ContactTimesAsync_Customers_ReturnsTheirContactsOldestFirst()
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await Store.WriteAsync(run,
        [
            Some.Interaction(at: day.AddDays(2), customer: "cust_a"),
            Some.Interaction(at: day, customer: "cust_a"),
            Some.Interaction(at: day, customer: "cust_b"),
            Some.Interaction(at: day, customer: null),
        ], CancellationToken.None);

        var times = await Store.ContactTimesAsync(["cust_a", "cust_c"], day.AddYears(-1), day.AddYears(1), CancellationToken.None);

        Assert.That(times.Keys, Is.EquivalentTo(new[] { "cust_a" }));
        Assert.That(times["cust_a"], Is.EqualTo(new[] { day, day.AddDays(2) }));
    }

    [TestCase(0, 3, 2)]
    [TestCase(0, 2, 1)]
    [TestCase(1, 3, 1)]
    [TestCase(3, 40, 0)]
    public async Task ContactTimesAsync_Window_ReturnsTheContactsFromItsStartUntilBeforeItsEnd(int fromDay, int untilDay, int expected)
    {
        var run = await RunAsync();
        var day = new DateTimeOffset(2019, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await Store.WriteAsync(run, [Some.Interaction(at: day, customer: "cust_a"), Some.Interaction(at: day.AddDays(2), customer: "cust_a")], CancellationToken.None);

        var times = await Store.ContactTimesAsync(["cust_a"], day.AddDays(fromDay), day.AddDays(untilDay), CancellationToken.None);

        Assert.That(times.TryGetValue("cust_a", out var list) ? list.Count : 0, Is.EqualTo(expected));
    }

    [Test]
    public async Task QuarantineAsync_SameItemTwice_IsKeptOnceWithItsReason()
    {
        var run = await RunAsync();
        var item = new QuarantinedItem(new SourceLocation("bad.csv", "row 3, line 3"), "expected 18 fields, found 4", "2019-01-01,Debt");

        await Store.QuarantineAsync(run, [item], DateTimeOffset.UtcNow, CancellationToken.None);
        await Store.QuarantineAsync(run, [item], DateTimeOffset.UtcNow, CancellationToken.None);

        var entries = await Store.ListQuarantineAsync(run, CancellationToken.None);
        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0].Source, Is.EqualTo(item.Source));
        Assert.That(entries[0].Reason, Is.EqualTo(item.Reason));
        Assert.That(entries[0].Raw, Is.EqualTo(item.Raw));
    }

    [Test]
    public async Task CompleteRunAsync_Counts_AreRecordedWithTheRun()
    {
        var started = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var run = await Store.BeginRunAsync("ingest", ["data/emails", "data/complaints"], started, CancellationToken.None);

        await Store.CompleteRunAsync(run, new RunCounts(3, 100, 90, 5, 5, 1), RunStatus.Completed, started.AddSeconds(2), CancellationToken.None);

        var recorded = (await Store.ListRunsAsync(10, CancellationToken.None)).Single(r => r.Id == run);
        Assert.That(recorded.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(recorded.Counts, Is.EqualTo(new RunCounts(3, 100, 90, 5, 5, 1)));
        Assert.That(recorded.Inputs, Is.EqualTo(new[] { "data/emails", "data/complaints" }));
        Assert.That(recorded.StartedAt, Is.EqualTo(started));
        Assert.That(recorded.FinishedAt, Is.EqualTo(started.AddSeconds(2)));
    }

    [TestCase(1, new[] { 3 })]
    [TestCase(2, new[] { 2, 3 })]
    [TestCase(5, new[] { 1, 2, 3 })]
    public async Task ListRunsAsync_Last_ListsTheLatestRunsOldestFirst(int last, int[] expected)
    {
        var runs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await RunAsync());
        }

        var listed = await Store.ListRunsAsync(last, CancellationToken.None);

        Assert.That(listed.Select(r => r.Id), Is.EqualTo(expected.Select(n => runs[n - 1])));
    }

    [Test]
    public async Task MigrateAsync_Again_ChangesNothing()
    {
        var run = await RunAsync();
        await Store.WriteAsync(run, [Some.Interaction()], CancellationToken.None);

        await Store.MigrateAsync(CancellationToken.None);

        Assert.That((await Store.GetTotalsAsync(CancellationToken.None)).TotalInteractions, Is.EqualTo(1));
    }

    [Test]
    public async Task GetTotalsAsync_BatchesRepeatingEachOther_CountEachStoredInteractionOnce()
    {
        var run = await RunAsync();
        var email = Some.Interaction(id: "e1", channel: Channel.Email);
        var call = Some.Interaction(id: "c1", channel: Channel.Call, text: null);
        await Store.WriteAsync(run, [email, call], CancellationToken.None);
        await Store.WriteAsync(run, [email, call, Some.Interaction(id: "p1", channel: Channel.Complaint), Some.Interaction(id: "p2", channel: Channel.Complaint)], CancellationToken.None);
        await Store.WriteAsync(run, [Some.Interaction(id: "p2", channel: Channel.Complaint)], CancellationToken.None);

        var totals = await Store.GetTotalsAsync(CancellationToken.None);

        Assert.That(totals.Interactions, Is.EquivalentTo(new Dictionary<Channel, long> { [Channel.Email] = 1, [Channel.Call] = 1, [Channel.Complaint] = 2 }));
        Assert.That(totals.WithText, Is.EqualTo(3));
        var read = new List<Interaction>();
        await foreach (var interaction in Store.ReadAsync(null, CancellationToken.None))
        {
            read.Add(interaction);
        }

        Assert.That(totals.TotalInteractions, Is.EqualTo(read.Count), "the kept counts are what the store holds");
    }

    [Test]
    public async Task GetTotalsAsync_MixedInteractions_CountsByChannelTextAndCustomer()
    {
        var run = await RunAsync();
        await Store.WriteAsync(run,
        [
            Some.Interaction(channel: Channel.Email, customer: "cust_a"),
            Some.Interaction(channel: Channel.Call, customer: "cust_a"),
            Some.Interaction(channel: Channel.Complaint, text: null, customer: null),
        ], CancellationToken.None);

        var totals = await Store.GetTotalsAsync(CancellationToken.None);

        Assert.That(totals.Interactions, Is.EquivalentTo(new Dictionary<Channel, long> { [Channel.Email] = 1, [Channel.Call] = 1, [Channel.Complaint] = 1 }));
        Assert.That(totals.WithText, Is.EqualTo(2));
        Assert.That(totals.Customers, Is.EqualTo(1));
    }
}
