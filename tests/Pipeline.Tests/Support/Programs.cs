using System.Diagnostics;

namespace Pipeline.Tests.Support;

/// <summary>Runs a system program (mount, pg_ctl, …) to its end and fails the test, with its output, when it fails.</summary>
public static class Programs
{
    public static async Task RunAsync(string program, params string[] args)
    {
        var (exitCode, output) = await TryRunAsync(program, args);
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', args)}: {output}");
    }

    /// <summary>Runs the program to its end; returns its exit code and what it printed (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> TryRunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(HangGuard.Limit);
        return (process.ExitCode, await output + await error);
    }
}
