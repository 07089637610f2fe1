using System.Diagnostics;
using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>A `pipeline worker` child process whose stderr is collected, stopped with SIGTERM as systemd would.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Lock _gate = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _errors.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToString();
            }
        }
    }

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment) =>
        new(CliProcess.Start(TestPaths.RepoRoot, environment, "worker"));

    public int Id => _process.Id;

    public bool Exited => _process.HasExited;

    /// <summary>
    /// A worker's settings for a test: the store, the shared trained models, every file it writes in
    /// <paramref name="scratch"/>; ingest off, scoring every 2 s, dispatch every 3 s, the weekly report every 3 s.
    /// </summary>
    public static async Task<Dictionary<string, string>> EnvironmentAsync(string scratch, string store)
    {
        var (sentiment, topics) = await SharedModels.DirectoriesAsync();
        return new Dictionary<string, string>
        {
            ["PIPELINE_Store__ConnectionString"] = store,
            ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(scratch, "pipeline.key"),
            ["PIPELINE_Sentiment__ModelDirectory"] = sentiment,
            ["PIPELINE_Topics__ModelDirectory"] = topics,
            ["PIPELINE_Topics__LabelsFile"] = Path.Combine(scratch, "topic-labels.json"),
            ["PIPELINE_Reports__OutputDirectory"] = Path.Combine(scratch, "reports"),
            ["PIPELINE_Feedback__JsonLines__Path"] = Path.Combine(scratch, "bumps.jsonl"),
            ["PIPELINE_Worker__Ingest"] = "off",
            ["PIPELINE_Worker__Score"] = "0/2 * * * * ?",
            ["PIPELINE_Worker__Dispatch"] = "1/3 * * * * ?",
            ["PIPELINE_Worker__Report"] = "0/3 * * * * ?",
            ["PIPELINE_Worker__CheckinSeconds"] = "2",
            ["PIPELINE_Scoring__BatchSize"] = "250",
            ["CI"] = "true",
        };
    }

    public async Task WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow + HangGuard.Limit;
        while (!Errors.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The worker did not log '{text}' (exited: {_process.HasExited}):\n{Errors}");
            }

            await Task.Delay(200);
        }
    }

    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(HangGuard.Limit);
        await _process.WaitForExitAsync(timeout.Token);
        TestContext.Out.WriteLine(Errors);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
