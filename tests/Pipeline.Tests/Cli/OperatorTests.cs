using Microsoft.Data.Sqlite;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// What an operator sees of a running worker, through real peers: systemd's notification socket, an OTLP/HTTP collector,
/// and the `health` verb run as a process beside it.
/// </summary>
[NonParallelizable]
public class OperatorTests
{
    private string _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = TestPaths.NewScratch("operator");

    private string SqliteStore => "sqlite:" + Path.Combine(_scratch, "p.db");

    [Test]
    public async Task Worker_UnderSystemd_ReadyOnceItsSchedulerRunsThenFeedsTheWatchdogUntilStopping()
    {
        var environment = await WorkerProcess.EnvironmentAsync(_scratch, SqliteStore);
        (environment["PIPELINE_Worker__Score"], environment["PIPELINE_Worker__Dispatch"], environment["PIPELINE_Worker__Report"]) = ("off", "off", "off");
        using var systemd = new NotifySocket(Path.Combine(Path.GetTempPath(), $"notify-{Guid.NewGuid():N}.sock"));
        environment["NOTIFY_SOCKET"] = systemd.Path;
        environment["WATCHDOG_USEC"] = "1000000";

        await using var worker = WorkerProcess.Start(environment);
        await Eventually.UntilAsync(() => Task.FromResult(systemd.Messages.Count(m => m == "WATCHDOG=1") >= 3), () => string.Join(" | ", systemd.Messages));
        var exit = await worker.StopAsync();

        var messages = systemd.Messages;
        Assert.That(exit, Is.Zero);
        Assert.That(messages[0], Does.StartWith("READY=1\n").And.Contain($"STATUS=worker {Environment.MachineName}/{worker.Id}: scheduler running"),
            "ready first, once the scheduler runs");
        Assert.That(messages.Count(m => m.StartsWith("READY=1", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(messages[^1], Is.EqualTo("STOPPING=1"), "SIGTERM says stopping, and nothing after it");
        Assert.That(messages.Skip(1).SkipLast(1), Has.All.EqualTo("WATCHDOG=1"));
        Assert.That(worker.Errors, Does.Contain("systemd watchdog: fed every 0.5 s while the scheduler runs"));
    }

    [Test]
    public async Task Worker_WithAnOtlpCollector_ExportsWhatItsJobsDidTheQueuesAndASpanPerJob()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var environment = await WorkerProcess.EnvironmentAsync(_scratch, SqliteStore);
        environment["PIPELINE_Worker__Ingest"] = "0/2 * * * * ?";
        environment["PIPELINE_Worker__Score"] = "1/2 * * * * ?";
        (environment["PIPELINE_Worker__Dispatch"], environment["PIPELINE_Worker__Report"]) = ("off", "off");
        environment["PIPELINE_Worker__HeartbeatSeconds"] = "1";
        environment["PIPELINE_Telemetry__OtlpEndpoint"] = collector.Address.ToString();
        environment["PIPELINE_Telemetry__MetricIntervalSeconds"] = "1";
        environment["PIPELINE_Telemetry__QueueSampleSeconds"] = "1";
        environment["PIPELINE_Ingest__Sources__5__Path"] = BadInputs.Write(Path.Combine(_scratch, "bad"));

        await using var worker = WorkerProcess.Start(environment);
        // Ingest fires (the shipped sample), scoring follows; then a queue sample sees nothing left unscored.
        await Eventually.UntilAsync(
            () => Task.FromResult(collector.Latest("pipeline.interactions.ingested") is > 0 and var ingested
                && collector.Latest("pipeline.interactions.scored") == ingested
                && collector.Latest("pipeline.queue.depth", "queue=unscored") == 0),
            () => $"ingested {collector.Latest("pipeline.interactions.ingested")}, scored {collector.Latest("pipeline.interactions.scored")}, unscored {collector.Latest("pipeline.queue.depth", "queue=unscored")}\n{worker.Errors}",
            () => worker.Exited);
        var exit = await worker.StopAsync();

        var (interactions, scores, quarantined) = await CountsAsync();
        var spans = collector.Spans();
        Assert.That(exit, Is.Zero);
        Assert.That(interactions, Is.GreaterThan(1000));
        Assert.That(collector.Latest("pipeline.interactions.ingested"), Is.EqualTo(interactions), "every stored interaction counted, re-ingests add nothing");
        Assert.That(collector.Latest("pipeline.interactions.scored"), Is.EqualTo(scores));
        Assert.That(quarantined, Is.EqualTo(7), "the bad inputs' items, kept once");

        // The stop lands wherever the schedule is: a job it interrupts ends after its batch as "stopped" (an ingest
        // stopped so may have read only some of the bad files). Any other run completed, and none failed.
        var ingests = Statuses(spans, "job ingest");
        var scorings = Statuses(spans, "job score");
        Assert.That(ingests, Does.Contain("completed").And.All.AnyOf("completed", "stopped"));
        Assert.That(scorings, Does.Contain("completed").And.All.AnyOf("completed", "stopped"));
        Assert.That(ingests.Count(s => s == "stopped") + scorings.Count(s => s == "stopped"), Is.LessThanOrEqualTo(1), "only a job the stop interrupted");
        if (!ingests.Contains("stopped"))
        {
            Assert.That(collector.Latest("pipeline.interactions.quarantined") % quarantined, Is.Zero,
                "counted each time an ingest run set them aside (files with bad items are read again by each run)");
        }
        else
        {
            Assert.That(collector.Latest("pipeline.interactions.quarantined"), Is.GreaterThanOrEqualTo(quarantined));
        }

        Assert.That(collector.Latest("pipeline.queue.depth", "queue=bumps"), Is.Not.Null);
        Assert.That(collector.LatestCount("pipeline.job.duration", "job=ingest"), Is.GreaterThanOrEqualTo(1));
        Assert.That(collector.LatestCount("pipeline.job.duration", "job=score"), Is.GreaterThanOrEqualTo(1));

        var firstIngest = spans.First(s => s.Name == "job ingest" && s.Attributes["pipeline.job.items"] != "0");
        Assert.That(firstIngest.Attributes, Does.ContainKey("pipeline.job.status").WithValue("completed"));
        Assert.That(firstIngest.Attributes["pipeline.job.items"], Is.EqualTo(interactions.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(firstIngest.Attributes["pipeline.worker"], Is.EqualTo($"{Environment.MachineName}/{worker.Id}"));
        Assert.That(collector.Resource(), Does.ContainKey("service.name").WithValue("complaint-pipeline"));
    }

    [Test]
    public async Task Health_StoreFileMissing_Exits6AndMakesNoFile()
    {
        var result = await CliProcess.RunAsync(_scratch, await WorkerProcess.EnvironmentAsync(_scratch, SqliteStore), "health");

        Assert.That(result.ExitCode, Is.EqualTo(6));
        Assert.That(result.Stdout, Does.Contain("FAIL  store").And.Contain("p.db does not exist").And.EndWith("\nunhealthy\n"));
        Assert.That(File.Exists(Path.Combine(_scratch, "p.db")), Is.False, "a probe makes no store");
    }

    [Test]
    public async Task Health_PostgresNotListening_Exits6NamingTheStoreWithoutItsPassword()
    {
        var environment = await WorkerProcess.EnvironmentAsync(_scratch, "postgres:Host=127.0.0.1;Port=1;Username=pipeline;Password=hunter2-secret;Database=none;Timeout=3");

        var result = await CliProcess.RunAsync(_scratch, environment, "health", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(6));
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.That(json.RootElement.GetProperty("healthy").GetBoolean(), Is.False);
        var store = json.RootElement.GetProperty("checks")[0];
        Assert.That(store.GetProperty("name").GetString(), Is.EqualTo("store"));
        Assert.That(store.GetProperty("detail").GetString(), Does.Contain("127.0.0.1"));
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("hunter2-secret"));
    }

    [Test]
    public async Task Health_BeforeDuringAndAfterAWorker_FailsWithoutOneHealthyWhileItRunsAndSaysItStopped()
    {
        var environment = await WorkerProcess.EnvironmentAsync(_scratch, SqliteStore);
        await using (var store = await StoreFactory.OpenAsync(SqliteStore, CancellationToken.None))
        {
            await StageHarness.IngestAsync(store, new Pipeline.Ingest.IngestSource(Path.Combine(TestPaths.Data, "complaints")));
        }

        var before = await CliProcess.RunAsync(_scratch, environment, "health");

        environment["PIPELINE_Worker__Score"] = "0/1 * * * * ?";
        (environment["PIPELINE_Worker__Dispatch"], environment["PIPELINE_Worker__Report"]) = ("off", "0 0 6 ? * MON");
        environment["PIPELINE_Worker__HeartbeatSeconds"] = "1";
        CliProcess.Result? during = null;
        await using (var worker = WorkerProcess.Start(environment))
        {
            // Scoring and the missed report's catch-up run at start; health turns healthy once both are done.
            await Eventually.UntilAsync(async () => (during = await CliProcess.RunAsync(_scratch, environment, "health")) is { ExitCode: 0, Stdout: var text }
                    && text.Contains("scoring backlog  empty", StringComparison.Ordinal),
                () => during?.Stdout + worker.Errors, () => worker.Exited);
            Assert.That(await worker.StopAsync(), Is.Zero);
        }

        var after = await CliProcess.RunAsync(_scratch, environment, "health");

        Assert.That(before.ExitCode, Is.EqualTo(6));
        Assert.That(Failing(before.Stdout), Is.EquivalentTo(new[] { "scheduler", "weekly" }), before.Stdout);
        Assert.That(before.Stdout, Does.Contain("no worker has run on this store").And.Contain("none written; the report of"));
        Assert.That(before.Stdout, Does.Match(@"ok    scoring backlog  [\d,]+ waiting, the oldest for \d+ s"), "young enough");
        Assert.That(during!.Stdout, Does.Contain("1 worker running").And.Contain("ok    scoring backlog  empty").And.Contain("the latest complete week").And.EndWith("\nhealthy\n"));
        Assert.That(after.ExitCode, Is.EqualTo(6));
        Assert.That(Failing(after.Stdout), Is.EqualTo(new[] { "scheduler" }));
        Assert.That(after.Stdout, Does.Contain("said 'stopped'"));
    }

    [Test]
    public async Task Health_UnscoredForTwoHours_FailsTheBacklogAndNotTheWorkerWhenNoneIsExpected()
    {
        await using (var store = await StoreFactory.OpenAsync(SqliteStore, CancellationToken.None))
        {
            var run = await store.BeginRunAsync("ingest", ["test"], DateTimeOffset.UtcNow.AddHours(-2), CancellationToken.None);
            await store.WriteAsync(run, [Some.Interaction(), Some.Interaction()], CancellationToken.None);
        }

        var environment = await WorkerProcess.EnvironmentAsync(_scratch, SqliteStore);
        environment["PIPELINE_Health__ExpectWorker"] = "false";
        var result = await CliProcess.RunAsync(_scratch, environment, "health");

        Assert.That(result.ExitCode, Is.EqualTo(6));
        Assert.That(Failing(result.Stdout), Does.Contain("scoring").And.Not.Contain("scheduler"));
        Assert.That(result.Stdout, Does.Contain("2 waiting, the oldest for 2 h 0 min, more than the 60 min allowed (Health:BacklogMinutes)"));
        Assert.That(result.Stdout, Does.Contain("(none expected: Health:ExpectWorker is false)"));
    }

    /// <summary>The first word of each failing check's name.</summary>
    private static string[] Failing(string output) =>
        output.Split('\n').Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).Select(l => l[6..].Split(' ')[0]).ToArray();

    /// <summary>The status each run of a job ended with, from its spans.</summary>
    private static List<string> Statuses(IReadOnlyList<OtlpReceiver.Span> spans, string name) =>
        [.. spans.Where(s => s.Name == name).Select(s => s.Attributes["pipeline.job.status"])];

    private async Task<(long Interactions, long Scores, long Quarantined)> CountsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_scratch, "p.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM interactions), (SELECT count(*) FROM scores), (SELECT count(*) FROM quarantine)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
