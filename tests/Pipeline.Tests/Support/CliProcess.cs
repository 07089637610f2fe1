using System.Diagnostics;

namespace Pipeline.Tests.Support;

/// <summary>Runs the real CLI (pipeline.dll from the build) as a child process, as a user would.</summary>
public static class CliProcess
{
    /// <summary>
    /// The CLI's own build output (src/Cli/bin/…), not the copy in the tests' folder: the tests also load ASP.NET Core
    /// (for real HTTP peers), so their folder lacks libraries the CLI takes from NuGet.
    /// </summary>
    public static string Dll { get; } = Path.Combine(
        TestPaths.RepoRoot, "src", "Cli", Path.GetRelativePath(Path.Combine(TestPaths.RepoRoot, "tests", "Pipeline.Tests"), AppContext.BaseDirectory), "pipeline.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(HangGuard.Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pipeline {string.Join(' ', args)} did not exit within {HangGuard.Limit.TotalMinutes} minutes: it hung (killed)");
        }

        var result = new Result(process.ExitCode, await stdout, await stderr);
        TestContext.Out.WriteLine($"$ pipeline {string.Join(' ', args)}  → exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    /// <summary>Starts the CLI with its output redirected and only the given PIPELINE_ settings (the user's own must not leak in).</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PIPELINE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }
}
