using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Feedback;
using Pipeline.Feedback.Sinks;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.FakeHelpdesk;

namespace Pipeline.Tests.Feedback;

/// <summary>The dispatcher against a real HTTP helpdesk on 127.0.0.1 that injects faults.</summary>
public class BumpDispatcherTests
{
    private const string Token = "test-token-4f1c9a";
    private FakeHelpdesk _helpdesk = null!;
    private IInteractionStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _helpdesk = await StartAsync(Token);
        _store = await StageHarness.SqliteAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _helpdesk.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static FeedbackOptions Options(int maxAttempts = 6) => new()
    {
        Sink = "http",
        MaxAttempts = maxAttempts,
        BaseDelaySeconds = 0.05,
        MaxDelaySeconds = 0.2,
        MaxWaitSeconds = 10,
        LeaseSeconds = 30,
        BatchSize = 4,
    };

    private BumpDispatcher Dispatcher(FeedbackOptions options, double timeoutSeconds = 2, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var http = new HelpdeskSinkOptions { BaseUrl = _helpdesk.BaseAddress.ToString(), TimeoutSeconds = timeoutSeconds };
        var sink = new HelpdeskSink(new HttpClient { Timeout = TimeSpan.FromSeconds(timeoutSeconds) }, http, Token, TimeProvider.System);
        return new BumpDispatcher((IBumpStore)_store, sink, options, TimeProvider.System, logger ?? NullLogger.Instance, new Random(7));
    }

    /// <summary>Tickets at "normal" on the helpdesk, each with a pending bump to "high".</summary>
    private async Task SeedNormalTicketsAsync(string[] tickets)
    {
        foreach (var ticket in tickets)
        {
            _helpdesk.Priorities[ticket] = "normal";
        }

        await Outbox.SeedAsync(_store, tickets, TicketPriority.High);
    }

    private Task<IReadOnlyList<PriorityBump>> BumpsAsync() => ((IBumpStore)_store).ListBumpsAsync(null, CancellationToken.None);

    [Test]
    public async Task Run_FaultsOnTheWay_DeliversEveryBumpOnceInEffectAndNeverLowers()
    {
        string[] tickets = ["101", "102", "103", "104", "105", "106"];
        foreach (var ticket in tickets)
        {
            _helpdesk.Priorities[ticket] = "normal";
        }

        _helpdesk.Priorities["106"] = "urgent"; // already higher than any bump: must stay as it is
        await Outbox.SeedAsync(_store, tickets, TicketPriority.High);
        _helpdesk.Inject(
            new Fault("GET", FaultKind.ServerError),
            new Fault("PUT", FaultKind.DropAfterApplying),
            new Fault("GET", FaultKind.Slow, 3),
            new Fault("PUT", FaultKind.TooManyRequests, 1),
            new Fault("PUT", FaultKind.ServerError));

        var summary = await Dispatcher(Options()).RunAsync(CancellationToken.None);
        var bumps = await BumpsAsync();

        Assert.That(bumps.Select(b => b.Status), Has.All.EqualTo(BumpStatus.Sent), "every bump arrives");
        Assert.That(tickets.Take(5).Select(t => _helpdesk.Priorities[t]), Has.All.EqualTo("high"));
        Assert.That(_helpdesk.Applied.Values, Has.All.EqualTo(1), "no ticket changed twice");
        Assert.That(_helpdesk.Applied.Keys, Is.EquivalentTo(tickets.Take(5)));
        Assert.That(_helpdesk.Priorities["106"], Is.EqualTo("urgent"), "a priority is never lowered");
        Assert.That(_helpdesk.Lowerings, Is.Zero, "no PUT even tried to lower one");
        Assert.That((summary.Raised, summary.Unchanged, summary.Dead), Is.EqualTo((4, 2, 0)), "the dropped PUT's retry finds the ticket already high");
        Assert.That(_helpdesk.Snapshot().Where(r => r.Method == "PUT").Select(r => r.IdempotencyKey), Has.All.Not.Null);
        Assert.That(_helpdesk.Snapshot().Select(r => r.Authorization), Has.All.EqualTo("Bearer " + Token));
    }

    [Test]
    public async Task Run_TooManyRequests_WaitsForRetryAfterBeforeTheNextTry()
    {
        _helpdesk.Priorities["201"] = "low";
        await Outbox.SeedAsync(_store, ["201"]);
        _helpdesk.Inject(new Fault("PUT", FaultKind.TooManyRequests, 2));

        await Dispatcher(Options()).RunAsync(CancellationToken.None);
        var puts = _helpdesk.Snapshot().Where(r => r.Method == "PUT").ToList();
        var attempts = await ((IBumpStore)_store).ListAttemptsAsync((await BumpsAsync()).Single().Id, CancellationToken.None);

        Assert.That(puts.Select(p => p.Status), Is.EqualTo(new[] { 429, 200 }));
        Assert.That(puts[1].At - puts[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "Retry-After: 2 honoured");
        Assert.That(attempts.Select(a => (a.Outcome, a.ResponseStatus)), Is.EqualTo(new[] { ("retry", (int?)429), ("raised", (int?)200) }));
        Assert.That((attempts[1].OldPriority, attempts[1].NewPriority), Is.EqualTo(("low", "urgent")), "the audit trail keeps old → new");
    }

    [Test]
    public async Task Run_HelpdeskAsksToSlowDown_PausesTheWholeSinkThenDeliversEveryBumpOnce()
    {
        string[] tickets = ["211", "212", "213", "214"];
        await SeedNormalTicketsAsync(tickets);
        _helpdesk.Inject(new Fault("PUT", FaultKind.TooManyRequests, 2), new Fault("PUT", FaultKind.TooManyRequests, 2));

        var summary = await Dispatcher(Options()).RunAsync(CancellationToken.None);
        var requests = _helpdesk.Snapshot();
        var throttled = requests.Where(r => r.Status == 429).Select(r => r.At).Max();
        var bumps = await BumpsAsync();
        var attempts = new Dictionary<long, int>();
        foreach (var bump in bumps)
        {
            attempts[bump.Id] = (await ((IBumpStore)_store).ListAttemptsAsync(bump.Id, CancellationToken.None)).Count;
        }

        Assert.That(requests.Where(r => r.At > throttled).Select(r => r.At - throttled), Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)),
            "after the second 429 nothing reached the helpdesk before its Retry-After: 2, not even the other bumps' GETs");
        Assert.That(requests.Count(r => r.At > throttled), Is.GreaterThan(0));
        Assert.That(bumps.Select(b => b.Status), Has.All.EqualTo(BumpStatus.Sent), "every bump arrives in the end");
        Assert.That(_helpdesk.Applied.Values, Has.All.EqualTo(1), "no ticket changed twice");
        Assert.That(tickets.Select(t => _helpdesk.Priorities[t]), Has.All.EqualTo("high"));
        Assert.That(attempts.Values.Order(), Is.EqualTo(new[] { 1, 1, 2, 2 }), "the two throttled bumps tried twice; the paused ones once: a pause is no attempt");
        Assert.That(summary.Dead, Is.Zero);
    }

    [Test]
    public async Task Run_SlowHelpdeskAndAShortLease_SendsNoBumpPastItsBatchsLease()
    {
        string[] tickets = ["221", "222", "223", "224"];
        await SeedNormalTicketsAsync(tickets);
        _helpdesk.Inject(new Fault("GET", FaultKind.Slow, 1.2), new Fault("GET", FaultKind.Slow, 1.2));
        var options = Options();
        options.LeaseSeconds = 6; // each delivery may take two 2-second timeouts: after about 2 s the third one would not fit

        var log = new ListLogger();
        await Dispatcher(options, logger: log).RunAsync(CancellationToken.None);

        Assert.That(log.Messages, Has.Some.Match("^2 bumps handed back: the batch's lease would not outlast another delivery via http$"));
        Assert.That(_helpdesk.Applied.Keys, Is.EquivalentTo(tickets), "the bumps handed back were sent from a new claim");
        Assert.That(_helpdesk.Applied.Values, Has.All.EqualTo(1), "no ticket changed twice");
        Assert.That((await BumpsAsync()).Select(b => b.Status), Has.All.EqualTo(BumpStatus.Sent));
    }

    [Test]
    public async Task Run_ServerAlwaysFails_DeadAfterMaxAttemptsWithTheLastError()
    {
        _helpdesk.Priorities["301"] = "normal";
        await Outbox.SeedAsync(_store, ["301"]);
        _helpdesk.Inject(Enumerable.Range(0, 3).Select(_ => new Fault("GET", FaultKind.ServerError)).ToArray());

        var summary = await Dispatcher(Options(maxAttempts: 3)).RunAsync(CancellationToken.None);
        var bump = (await BumpsAsync()).Single();

        Assert.That((bump.Status, bump.Attempts, summary.Dead), Is.EqualTo((BumpStatus.Dead, 3, 1)));
        Assert.That(bump.LastError, Does.StartWith("gave up after 3 attempts: GET ticket 301: HTTP 500"));
        Assert.That(bump.LastError, Does.Not.Contain(Token));
        Assert.That(_helpdesk.Priorities["301"], Is.EqualTo("normal"));
    }

    [Test]
    public async Task Run_UnknownTicket_IsDeadAtOnce()
    {
        await Outbox.SeedAsync(_store, ["404404"]);

        await Dispatcher(Options()).RunAsync(CancellationToken.None);
        var bump = (await BumpsAsync()).Single();

        Assert.That((bump.Status, bump.Attempts, bump.LastResponseStatus), Is.EqualTo((BumpStatus.Dead, 1, (int?)404)));
    }

    [Test]
    public async Task Run_StaleReadAfterADroppedAnswer_TheRepeatedPutIsAnsweredFromItsIdempotencyKey()
    {
        // The PUT is applied but its answer lost; the helpdesk's next read is stale (still "normal"), so the same PUT goes
        // again: its Idempotency-Key makes the helpdesk answer it without applying it twice.
        _helpdesk.Priorities["401"] = "normal";
        await Outbox.SeedAsync(_store, ["401"]);
        _helpdesk.Inject(new Fault("PUT", FaultKind.DropAfterApplying));
        var dispatcher = Dispatcher(Options());
        var stale = Task.Run(async () =>
        {
            while (_helpdesk.Count("PUT") == 0)
            {
                await Task.Delay(5);
            }

            _helpdesk.Priorities["401"] = "normal";
        });

        await dispatcher.RunAsync(CancellationToken.None);
        await stale;
        var puts = _helpdesk.Snapshot().Where(r => r.Method == "PUT").ToList();

        Assert.That(puts, Has.Count.EqualTo(2));
        Assert.That(puts.Select(p => p.IdempotencyKey).Distinct().Count(), Is.EqualTo(1));
        Assert.That(_helpdesk.Applied["401"], Is.EqualTo(1), "applied once");
        Assert.That((await BumpsAsync()).Single().Status, Is.EqualTo(BumpStatus.Sent));
    }

    [Test]
    public async Task Run_EscalationWithoutTicket_StaysOnRecordAndIsNeverSent()
    {
        await Outbox.SeedAsync(_store, [null]);

        var summary = await Dispatcher(Options()).RunAsync(CancellationToken.None);

        Assert.That((await BumpsAsync()).Single().Status, Is.EqualTo(BumpStatus.NoTicket));
        Assert.That((summary.Attempts, _helpdesk.Snapshot().Count), Is.EqualTo((0, 0)));
    }
}
