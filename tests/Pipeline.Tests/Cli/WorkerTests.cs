using Npgsql;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>`worker` processes as they run in production: real child processes of the CLI, stopped with SIGTERM.</summary>
[NonParallelizable]
public class WorkerTests
{
    private string _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = TestPaths.NewScratch("worker");

    private Task<Dictionary<string, string>> EnvironmentAsync(string store) => WorkerProcess.EnvironmentAsync(_scratch, store);

    [Test]
    public async Task Worker_TwoProcessesOnOnePostgres_EachFiringRunsOnceAndTheScoringBacklogIsSplit()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var store = "postgres:" + database;
        var environment = await EnvironmentAsync(store);

        await using var first = WorkerProcess.Start(environment);
        await first.WaitForAsync("Worker ");
        await using var second = WorkerProcess.Start(environment);
        await second.WaitForAsync("Worker ");

        // The backlog arrives while both are up: the next scoring tick finds it in both. It is large enough (20,000
        // generated interactions of real text) that one worker's run outlasts the 2-second schedule on any machine.
        var corpus = Pipeline.Benchmarks.CorpusGenerator.FromSample(TestPaths.Data, seed: 11).Write(20_000, Path.Combine(_scratch, "corpus"));
        await using (var pipeline = await StoreFactory.OpenAsync(store, CancellationToken.None))
        {
            await StageHarness.IngestAsync(pipeline, new IngestSource(Path.Combine(_scratch, "corpus")));
        }

        Assert.That(corpus.Total, Is.EqualTo(20_000));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var total = await ScalarAsync(connection, "SELECT count(*) FROM interactions");
        var deadline = DateTime.UtcNow + HangGuard.Limit;
        while (await ScalarAsync(connection, "SELECT count(*) FROM scores") < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(7)); // a few more report and dispatch firings
        var stopped = await Task.WhenAll(first.StopAsync(), second.StopAsync());

        var scoredBy = await RowsAsync(connection,
            "SELECT inputs->>1, sum(stored) FROM ingest_runs WHERE kind = 'job:score' GROUP BY 1");
        var reportFirings = await RowsAsync(connection,
            "SELECT inputs->>0, count(*) FROM ingest_runs WHERE kind = 'job:report' GROUP BY 1");
        var dispatchFirings = await RowsAsync(connection,
            "SELECT inputs->>0, count(*) FROM ingest_runs WHERE kind = 'job:dispatch' GROUP BY 1");
        TestContext.Out.WriteLine(string.Join("\n", scoredBy.Select(r => $"score {r.Key}: {r.Value}")));
        TestContext.Out.WriteLine(string.Join("\n", reportFirings.Select(r => $"report {r.Key}: {r.Value}")));

        Assert.That(stopped, Has.All.EqualTo(0), "SIGTERM stops both cleanly");
        Assert.That(first.Errors + second.Errors, Does.Contain("stopped cleanly"));
        Assert.That(await ScalarAsync(connection, "SELECT count(*) FROM scores"), Is.EqualTo(total), "every interaction scored");
        Assert.That(scoredBy.Values.Sum(), Is.EqualTo(total), "and scored exactly once: the workers' counts add up to the backlog");
        Assert.That(scoredBy, Has.Count.EqualTo(2).And.All.Matches<KeyValuePair<string, long>>(p => p.Value > 0), "both workers took batches");
        Assert.That(reportFirings, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(reportFirings.Values, Has.All.EqualTo(1), "each scheduled report ran on one worker only");
        Assert.That(dispatchFirings.Values, Has.All.EqualTo(1), "each scheduled dispatch ran on one worker only");
    }

    [Test]
    public async Task Worker_BadScheduleUnknownSinkMissingToken_StopsAtStartNamingEachKey()
    {
        var environment = await EnvironmentAsync("sqlite:" + Path.Combine(_scratch, "p.db"));
        environment["PIPELINE_Worker__Report"] = "every monday";
        environment["PIPELINE_Feedback__Sink"] = "carrier-pigeon";
        var first = await CliProcess.RunAsync(_scratch, environment, "worker");
        environment["PIPELINE_Feedback__Sink"] = "http";
        environment["PIPELINE_Feedback__Http__BaseUrl"] = "https://help.example.com";
        var second = await CliProcess.RunAsync(_scratch, environment, "worker");

        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((2, 2)));
        Assert.That(first.Stderr, Does.Contain("Worker:Report 'every monday' is not a cron expression").And.Contain("Feedback:Sink 'carrier-pigeon' is not a known sink"));
        Assert.That(second.Stderr, Does.Contain("Feedback:Http:TokenVariable: the environment variable 'PIPELINE_HELPDESK_TOKEN' holding the helpdesk token is not set"));
    }

    [Test]
    public async Task Worker_MissedWeeklyReport_IsWrittenAtStart()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        var environment = await EnvironmentAsync(store);
        environment["PIPELINE_Worker__Report"] = "0 0 6 ? * MON";
        environment["PIPELINE_Worker__Score"] = "off";
        environment["PIPELINE_Worker__Dispatch"] = "off";
        await using (var pipeline = await StoreFactory.OpenAsync(store, CancellationToken.None))
        {
            await StageHarness.IngestAsync(pipeline, new IngestSource(Path.Combine(TestPaths.Data, "complaints")));
        }

        await using var worker = WorkerProcess.Start(environment);
        await worker.WaitForAsync("Job report-catch-up completed: 1 items");
        var exit = await worker.StopAsync();

        Assert.That(exit, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(_scratch, "reports"), "report.html", SearchOption.AllDirectories), Has.Length.EqualTo(1));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<Dictionary<string, long>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
        }

        return rows;
    }
}
