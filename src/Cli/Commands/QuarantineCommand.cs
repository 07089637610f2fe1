using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary><c>quarantine [--run N]</c>: lists what was set aside, with where it came from and why.</summary>
public static class QuarantineCommand
{
    public static Command Create()
    {
        var run = new Option<long?>("--run") { Description = "Only items quarantined by this run." };
        var command = new Command("quarantine", "List quarantined items with their source location and reason.") { run };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            var entries = await store.ListQuarantineAsync(result.GetValue(run), ct).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {entry.RunId}\t{entry.Source}\t{entry.Reason}")).ConfigureAwait(false);
            }

            await environment.Output.WriteLineAsync($"{entries.Count} quarantined").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
