using Pipeline.Core.Feedback;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>The outbox of priority bumps, on both stores.</summary>
public abstract partial class InteractionStoreContract
{
    private IBumpStore Bumps => (IBumpStore)Store;

    [Test]
    public async Task CommitAsync_BumpsWithTheirScores_KeepsEachKeyOnceAndEscalationsWithoutTicketApart()
    {
        await Outbox.SeedAsync(Store, ["T-9", "T-9", null]);

        var all = await Bumps.ListBumpsAsync(null, CancellationToken.None);
        var scores = await ListScoresAsync();

        Assert.That(scores, Has.Count.EqualTo(3), "written in the same transaction as the bumps");
        Assert.That(all.Select(b => (b.Request.TicketId, b.Status)), Is.EquivalentTo(new[] { ("T-9", BumpStatus.Pending), ((string?)null, BumpStatus.NoTicket) }),
            "the same ticket, rule version and rule is bumped once");
        var bump = all.Single(b => b.Request.TicketId == "T-9");
        Assert.That((bump.Request.Priority, bump.Request.Rule, bump.Attempts), Is.EqualTo((TicketPriority.Urgent, "critical-anger", 0)));
        Assert.That(bump.Request.Terms, Is.EqualTo(new[] { "furious", "lawyer" }));
        Assert.That(await Bumps.NextDueAsync(CancellationToken.None), Is.EqualTo(Outbox.At));
    }

    [Test]
    public async Task ClaimDueAsync_SecondDispatcher_GetsNothingUntilTheLeaseEnds()
    {
        await Outbox.SeedAsync(Store, ["A", "B"]);
        var now = Outbox.At.AddMinutes(1);

        var first = await Bumps.ClaimDueAsync(10, now, TimeSpan.FromSeconds(30), CancellationToken.None);
        var second = await Bumps.ClaimDueAsync(10, now.AddSeconds(5), TimeSpan.FromSeconds(30), CancellationToken.None);
        var afterLease = await Bumps.ClaimDueAsync(10, now.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(first.Select(b => b.Request.TicketId), Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(second, Is.Empty);
        Assert.That(afterLease, Has.Count.EqualTo(2), "a dispatcher that died before recording gives its bumps back");
    }

    [Test]
    public async Task RecordAttemptAsync_RetryThenSent_MovesTheBumpOnAndKeepsTheAuditTrail()
    {
        await Outbox.SeedAsync(Store, ["C"]);
        var now = Outbox.At.AddMinutes(1);
        var bump = (await Bumps.ClaimDueAsync(10, now, TimeSpan.FromSeconds(30), CancellationToken.None)).Single();

        await Bumps.RecordAttemptAsync(new BumpAttempt(bump.Id, 1, now, "http", "retry", 429, "PUT ticket C: HTTP 429", null, null, 12), BumpStatus.Pending, now.AddSeconds(20), CancellationToken.None);
        var early = await Bumps.ClaimDueAsync(10, now.AddSeconds(10), TimeSpan.FromSeconds(30), CancellationToken.None);
        var due = await Bumps.ClaimDueAsync(10, now.AddSeconds(20), TimeSpan.FromSeconds(30), CancellationToken.None);
        await Bumps.RecordAttemptAsync(new BumpAttempt(bump.Id, 2, now.AddSeconds(21), "http", "raised", 200, null, "normal", "urgent", 15), BumpStatus.Sent, now.AddSeconds(21), CancellationToken.None);
        var sent = (await Bumps.ListBumpsAsync(BumpStatus.Sent, CancellationToken.None)).Single();
        var attempts = await Bumps.ListAttemptsAsync(bump.Id, CancellationToken.None);

        Assert.That(early, Is.Empty, "not due before its retry time");
        Assert.That(due.Single().Attempts, Is.EqualTo(1));
        Assert.That((sent.Attempts, sent.OldPriority, sent.NewPriority, sent.LastResponseStatus, sent.SentAt), Is.EqualTo((2, "normal", "urgent", (int?)200, (DateTimeOffset?)now.AddSeconds(21))));
        Assert.That(attempts.Select(a => (a.Attempt, a.Outcome, a.ResponseStatus, a.Error)),
            Is.EqualTo(new[] { (1, "retry", (int?)429, (string?)"PUT ticket C: HTTP 429"), (2, "raised", 200, null) }));
        Assert.That(await Bumps.NextDueAsync(CancellationToken.None), Is.Null, "nothing pending");
    }

    [Test]
    public async Task ReadReportRowsAsync_SentBump_IsCountedForItsInteraction()
    {
        var requests = await Outbox.SeedAsync(Store, ["D", "E"]);
        var now = Outbox.At.AddMinutes(1);
        var claimed = await Bumps.ClaimDueAsync(10, now, TimeSpan.FromSeconds(30), CancellationToken.None);
        var d = claimed.Single(b => b.Request.TicketId == "D");
        await Bumps.RecordAttemptAsync(new BumpAttempt(d.Id, 1, now, "jsonl", "raised", null, null, null, "urgent", 1), BumpStatus.Sent, now, CancellationToken.None);

        var rows = new List<Pipeline.Core.Storage.ReportRow>();
        await foreach (var row in Store.ReadReportRowsAsync(null, null, CancellationToken.None))
        {
            rows.Add(row);
        }

        Assert.That(rows.ToDictionary(r => r.Id, r => r.BumpsSent),
            Is.EquivalentTo(new Dictionary<string, int> { [requests[0].InteractionId] = 1, [requests[1].InteractionId] = 0 }));
    }
}
