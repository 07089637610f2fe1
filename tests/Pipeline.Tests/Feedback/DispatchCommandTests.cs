using System.Diagnostics;
using Pipeline.Core.Feedback;
using Pipeline.Storage;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.FakeHelpdesk;

namespace Pipeline.Tests.Feedback;

/// <summary>`dispatch` and `bumps` as a user runs them: child processes of the real CLI against a real helpdesk on 127.0.0.1.</summary>
public class DispatchCommandTests
{
    private const string Token = "process-token-77d2";
    private string _scratch = null!;
    private FakeHelpdesk _helpdesk = null!;

    [SetUp]
    public async Task SetUp()
    {
        _scratch = TestPaths.NewScratch("dispatch");
        _helpdesk = await StartAsync(Token);
    }

    [TearDown]
    public async Task TearDown() => await _helpdesk.DisposeAsync();

    private string Store => "sqlite:" + Path.Combine(_scratch, "p.db");

    private Dictionary<string, string> Environment => new()
    {
        ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(_scratch, "pipeline.key"),
        ["PIPELINE_Store__ConnectionString"] = Store,
        ["PIPELINE_Feedback__Sink"] = "http",
        ["PIPELINE_Feedback__Http__BaseUrl"] = _helpdesk.BaseAddress.ToString(),
        ["PIPELINE_Feedback__Http__TimeoutSeconds"] = "1.9",
        ["PIPELINE_HELPDESK_TOKEN"] = Token,
        ["PIPELINE_Feedback__LeaseSeconds"] = "4",
        ["PIPELINE_Feedback__BaseDelaySeconds"] = "0.05",
        ["PIPELINE_Feedback__MaxDelaySeconds"] = "0.2",
        ["PIPELINE_Feedback__MaxWaitSeconds"] = "10",
        ["CI"] = "true",
    };

    private async Task SeedAsync(params string[] tickets)
    {
        await using var store = await StoreFactory.OpenAsync(Store, CancellationToken.None);
        await Outbox.SeedAsync(store, tickets);
    }

    [Test]
    public async Task Dispatch_KilledBetweenSendingAndRecording_LosesNothingAndAppliesNothingTwice()
    {
        foreach (var ticket in new[] { "501", "502", "503" })
        {
            _helpdesk.Priorities[ticket] = "normal";
        }

        await SeedAsync("501", "502", "503");
        _helpdesk.Inject(new Fault("PUT", FaultKind.HoldAfterApplying));

        // The first dispatcher sends its first PUT; the helpdesk applies it and holds the answer; the process is killed.
        var first = StartCli("dispatch");
        await _helpdesk.Held.Task.WaitAsync(HangGuard.Limit);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        _helpdesk.Release();
        Assert.That(_helpdesk.Applied.Keys, Is.EquivalentTo(new[] { "501" }), "one ticket was changed before the kill");

        var second = await CliProcess.RunAsync(_scratch, Environment, "dispatch");
        var sent = await CliProcess.RunAsync(_scratch, Environment, "bumps", "--status", "sent");
        var audit = await CliProcess.RunAsync(_scratch, Environment, "bumps", "--id", "1");

        Assert.That(second.ExitCode, Is.Zero, second.Stderr);
        Assert.That(second.Stdout, Does.Contain("raised 2, already at least as high 1, waiting for a retry 0").And.Contain("dead 0"));
        Assert.That(_helpdesk.Applied, Has.Count.EqualTo(3).And.All.Matches<KeyValuePair<string, int>>(p => p.Value == 1), "every ticket changed exactly once");
        Assert.That(_helpdesk.Priorities.Values, Has.All.EqualTo("urgent"));
        Assert.That(sent.Stdout, Does.Contain("3 bumps: sent 3"));
        Assert.That(audit.Stdout, Does.Contain("rule critical-anger v1").And.Contain("attempt 1").And.Contain("unchanged, HTTP 200, urgent → urgent"));
        Assert.That(second.Stderr + second.Stdout + sent.Stdout + audit.Stdout, Does.Not.Contain(Token), "the token is never printed");
    }

    [Test]
    public async Task Dispatch_HelpdeskFailingThirtyPercentOfRequests_DeliversEveryBumpExactlyOnceInTheEnd()
    {
        var tickets = Enumerable.Range(700, 30).Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var ticket in tickets)
        {
            _helpdesk.Priorities[ticket] = "normal";
        }

        await SeedAsync(tickets);

        // 30 % of the requests, GETs and PUTs alike: a 500, a 429 asking for a second, an answer later than the client
        // waits (1.9 s), a reset before anything is applied, or the PUT applied and the connection dropped.
        _helpdesk.FailAtRandom(0.3, seed: 1306,
            new Fault("*", FaultKind.ServerError), new Fault("*", FaultKind.TooManyRequests, 1), new Fault("*", FaultKind.Slow, 2.5),
            new Fault("*", FaultKind.Reset), new Fault("*", FaultKind.DropAfterApplying));
        var environment = Environment;
        environment["PIPELINE_Feedback__MaxAttempts"] = "50";

        var runs = 0;
        while (true)
        {
            var run = await CliProcess.RunAsync(_scratch, environment, "dispatch");
            runs++;
            Assert.That(run.ExitCode, Is.Zero, run.Stderr);
            if (await StageRuns.PendingAsync(Store) == 0)
            {
                break;
            }

            Assert.That(runs, Is.LessThan(20), "bumps still pending after 20 dispatch runs");
        }

        var sent = await CliProcess.RunAsync(_scratch, Environment, "bumps", "--status", "sent");
        TestContext.Out.WriteLine($"{runs} dispatch runs; faults: {string.Join(", ", _helpdesk.FaultCounts.Select(f => $"{f.Key} {f.Value}"))}");
        Assert.That(sent.Stdout, Does.Contain("30 bumps: sent 30"), "every bump sent, none dead");
        Assert.That(_helpdesk.Applied.Keys, Is.EquivalentTo(tickets), "every ticket reached");
        Assert.That(_helpdesk.Applied.Values, Has.All.EqualTo(1), "no ticket changed twice");
        Assert.That(_helpdesk.Priorities.Values, Has.All.EqualTo("urgent"));
        Assert.That(_helpdesk.FaultCounts.Where(f => f.Key != "none").Sum(f => f.Value), Is.GreaterThan(10), "the faults did happen");
    }

    [Test]
    public async Task Bumps_StatusUnknown_ExitsWithConfigurationCode()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "bumps", "--status", "lost");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("--status 'lost' is not pending, sent, dead or no_ticket"));
    }

    [Test]
    public async Task Dispatch_TokenMissing_ExitsWithConfigurationCodeNamingTheKey()
    {
        var environment = Environment;
        environment["PIPELINE_HELPDESK_TOKEN"] = "";

        var result = await CliProcess.RunAsync(_scratch, environment, "dispatch");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Feedback:Http:TokenVariable").And.Contain("PIPELINE_HELPDESK_TOKEN"));
    }

    private Process StartCli(params string[] args)
    {
        var process = CliProcess.Start(_scratch, Environment, args);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
