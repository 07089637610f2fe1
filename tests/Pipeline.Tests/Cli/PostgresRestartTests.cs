using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.StageRuns;

namespace Pipeline.Tests.Cli;

/// <summary>
/// PostgreSQL restarted as a crash does (<c>pg_ctl restart -m immediate</c>, a cluster of the test's own) in the middle
/// of ingest, score and dispatch: the stage ends with the store's message and exit code 3 (or carries on), and a rerun
/// ends where a clean run ends, with the same interactions, scores and bumps and every ticket changed once.
/// </summary>
[NonParallelizable]
public class PostgresRestartTests
{
    [Test]
    public async Task EachStage_ServerRestartedInTheMiddle_EndsWithTheStoresMessageAndARerunEndsAsTheCleanRunEnds()
    {
        await using var server = await PrivatePostgres.StartAsync();
        var models = await SharedModels.DirectoriesAsync();
        await using var cleanDesk = await FakeHelpdesk.StartAsync(Token);
        await using var faultedDesk = await FakeHelpdesk.StartAsync(Token);
        var key = Path.Combine(TestPaths.NewScratch("restart-key"), "pipeline.key");
        var clean = await Setup.CreateAsync("postgres", "clean", cleanDesk, models, key, server.ConnectionString);
        var faulted = await Setup.CreateAsync("postgres", "restarted", faultedDesk, models, key, server.ConnectionString);

        var took = await RunCleanAsync(clean, cleanDesk, faultedDesk);

        var outcomes = new List<string>();
        foreach (var stage in Stages)
        {
            if (stage != "report")
            {
                outcomes.Add(await RestartDuringAsync(server, faulted, faultedDesk, stage, took[stage]));
            }

            await CompleteAsync(faulted, stage);
        }

        TestContext.Out.WriteLine(string.Join("\n", outcomes));
        await AssertSameAsync(clean, faulted, cleanDesk, faultedDesk);
    }

    /// <summary>Starts the stage, restarts the server in its middle, and checks how the stage ended.</summary>
    private static async Task<string> RestartDuringAsync(PrivatePostgres server, Setup setup, FakeHelpdesk desk, string stage, TimeSpan took)
    {
        using var process = CliProcess.Start(setup.Directory, setup.Environment, Arguments(stage));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (stage == "dispatch")
        {
            // In the middle of the deliveries: once the helpdesk has had the first one.
            while (desk.Count("PUT") == 0 && !exited.IsCompleted)
            {
                await Task.Delay(10);
            }
        }
        else
        {
            await Task.WhenAny(exited, Task.Delay(took / 2));
        }

        Assert.That(exited.IsCompleted, Is.False, $"{stage} was still running when the server was restarted");
        await server.RestartImmediatelyAsync();
        await exited.WaitAsync(HangGuard.Limit);
        var (output, error) = (await stdout, await stderr);

        Assert.That(process.ExitCode, Is.EqualTo(0).Or.EqualTo(3), $"{stage}: ends well or with the store's exit code\n{error}");
        if (process.ExitCode == 3)
        {
            Assert.That(error, Does.Contain("The store failed: the connection to the store was lost"), $"{stage}: the message says the connection was lost");
            Assert.That(error, Does.Not.Match(@"\n\s+at [\w.]+\("), $"{stage}: a message, not a stack trace");
        }

        return $"{stage}: exit {process.ExitCode}; {error.Split('\n').LastOrDefault(l => l.Contains("fail", StringComparison.Ordinal) || l.Contains("store", StringComparison.Ordinal))?.Trim()}";
    }
}
