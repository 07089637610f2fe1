using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pipeline.Storage;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.StageRuns;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The crash harness: the real CLI killed with SIGKILL at random moments (seeded) during ingest, score, dispatch and
/// report, then each stage run to its end, compared with a clean run of the same stages: the same interactions and
/// scores, no row twice, every bump applied once by the helpdesk (which counts what it receives per idempotency key),
/// the previous report whole at its place after every kill, and on SQLite <c>PRAGMA integrity_check</c> ok.
/// </summary>
/// <remarks>
/// <c>PIPELINE_CRASH_KILLS</c> sets the kills per stage (default 12 a store, so 24 a stage for both stores in a CI run);
/// <c>PIPELINE_CRASH_SEED</c> the seed. A kill's moment is drawn from a sixth of the time the stage's clean run took to
/// its end, or of the time the last run that ended before its moment took (for dispatch: right after the helpdesk
/// received its 1st or 2nd PUT of the run), and a stage is started again until it has been killed that often while
/// running (the README's reliability section has the longer run). So the kills land whatever the machine's load.
/// </remarks>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public class CrashTests(string kind)
{
    private static int KillsPerStage => int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_CRASH_KILLS"), out var n) && n > 0 ? n : 12;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_CRASH_SEED"), out var n) ? n : 20261206;

    [Test]
    public async Task EveryStage_KilledAtRandomMoments_EndsAsTheCleanRunEnds()
    {
        var models = await SharedModels.DirectoriesAsync();
        await using var cleanDesk = await FakeHelpdesk.StartAsync(Token);
        await using var crashDesk = await FakeHelpdesk.StartAsync(Token);
        // One customer key for both runs, so that both hash a customer alike.
        var key = Path.Combine(TestPaths.NewScratch("crash-key"), "pipeline.key");
        var clean = await Setup.CreateAsync(kind, "clean", cleanDesk, models, key);
        var crashed = await Setup.CreateAsync(kind, "crashed", crashDesk, models, key);

        // The clean run, each stage timed whole: the span the kills are drawn from.
        var took = await RunCleanAsync(clean, cleanDesk, crashDesk);

        var random = new Random(Seed);
        var kills = new Dictionary<string, int>();
        foreach (var stage in Stages)
        {
            if (stage == "report")
            {
                // The previous report, which every kill below must leave whole.
                await CompleteAsync(crashed, stage);
            }

            // Until the stage has been killed while running as often as asked: a run with less left to do (what earlier
            // runs stored or scored is not done again) may end before its moment comes.
            var hits = 0;
            for (var attempt = 1; hits < KillsPerStage; attempt++)
            {
                // A dispatcher that finds every bump left still leased by the one killed before ends at once; those tries
                // wait for the lease and count too.
                Assert.That(attempt, Is.LessThanOrEqualTo(6 * KillsPerStage), $"{stage}: {hits} of {attempt - 1} kills hit a running process");

                // From a sixth of the clean run's time (past most of the start-up) to its end; a dispatcher right after
                // the helpdesk received its 1st or 2nd PUT of the run (its deliveries are a small part of its time).
                var moment = stage == "dispatch"
                    ? Moment.AfterPuts(crashDesk, random.Next(1, 3))
                    : Moment.After(took[stage] * (0.15 + 0.85 * random.NextDouble()));
                var (running, lasted) = await KillAtAsync(crashed, stage, moment);
                if (running)
                {
                    hits++;
                }
                else if (stage != "dispatch")
                {
                    // It ended before its moment: the clean run was timed on a busier machine, or less is left to do.
                    // Later moments are drawn from what this run took, so the kills keep landing in a running process
                    // however the machine's speed drifts.
                    took[stage] = lasted;
                }
                else if (stage == "dispatch" && await PendingAsync(crashed.Store) == 0)
                {
                    // Every bump delivered: nothing is left for a dispatcher to be killed in (a long run may get here).
                    TestContext.Out.WriteLine($"{kind}: every bump was delivered after {hits} kills of dispatch");
                    break;
                }

                if (stage == "report")
                {
                    AssertReportWhole(crashed, $"after attempt {attempt} to kill the report");
                }

                await AssertIntactAsync(crashed, $"after attempt {attempt} to kill {stage}");
            }

            kills[stage] = hits;
            await CompleteAsync(crashed, stage);
        }

        TestContext.Out.WriteLine($"{kind}: the last kill windows {string.Join(", ", took.Select(t => $"{t.Key} {t.Value.TotalSeconds:0.0} s"))}; kills of a running process: {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}");

        await AssertSameAsync(clean, crashed, cleanDesk, crashDesk);
        AssertReportWhole(crashed, "at the end");
    }

    /// <summary>When to kill: after a time, or once the helpdesk has received so many more PUTs.</summary>
    private sealed record Moment(TimeSpan Delay, FakeHelpdesk? Desk, int Puts)
    {
        public static Moment After(TimeSpan delay) => new(delay, null, 0);

        public static Moment AfterPuts(FakeHelpdesk desk, int puts) => new(TimeSpan.Zero, desk, puts);

        public async Task WaitAsync(Task exited)
        {
            if (Desk is null)
            {
                await Task.WhenAny(exited, Task.Delay(Delay));
                return;
            }

            var target = Desk.Count("PUT") + Puts;
            while (Desk.Count("PUT") < target && !exited.IsCompleted)
            {
                await Task.Delay(2);
            }
        }
    }

    /// <returns>Whether the process was still running when it was killed, and how long it ran.</returns>
    private static async Task<(bool Running, TimeSpan Lasted)> KillAtAsync(Setup setup, string stage, Moment moment)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var process = CliProcess.Start(setup.Directory, setup.Environment, Arguments(stage));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        await moment.WaitAsync(exited);
        var running = !exited.IsCompleted;
        if (running)
        {
            process.Kill(entireProcessTree: true);
        }

        var lasted = started.Elapsed;

        await exited.WaitAsync(HangGuard.Limit);
        await Task.WhenAll(stdout, stderr);
        if (!running)
        {
            Assert.That(process.ExitCode, Is.Zero, $"{stage} ended by itself before the kill, but failed: {await stderr}");
        }

        return (running, lasted);
    }

    /// <summary>What must hold after any kill: the SQLite file is sound, and the store still opens (migrations and all).</summary>
    private static async Task AssertIntactAsync(Setup setup, string when)
    {
        if (setup.SqlitePath is { } path)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.That(await check.ExecuteScalarAsync(), Is.EqualTo("ok"), $"{setup.Name}: integrity_check {when}");
        }

        await using var store = await StoreFactory.OpenAsync(setup.Store, CancellationToken.None);
        Assert.That(store.Description, Is.Not.Empty, when);
    }

    /// <summary>The week's report folder is at its place and whole: its page ends, and its summary parses.</summary>
    private static void AssertReportWhole(Setup setup, string when)
    {
        var folder = Path.Combine(setup.Directory, "reports", Week);
        var html = Path.Combine(folder, "report.html");
        Assert.That(File.Exists(html), Is.True, $"{setup.Name}: the report of {Week} is at its place {when}");
        Assert.That(File.ReadAllText(html).TrimEnd(), Does.EndWith("</html>"), $"{setup.Name}: report.html whole {when}");
        Assert.DoesNotThrow(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).Dispose(), $"summary.json whole {when}");
    }
}
