using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Storage;
using Pipeline.Feedback;

namespace Pipeline.Cli.Commands;

/// <summary><c>dispatch</c>: delivers the pending priority bumps of the outbox through the configured sink.</summary>
public static class DispatchCommand
{
    public static Command Create()
    {
        var command = new Command("dispatch", "Deliver the pending priority bumps to the ticket queue (the configured sink), with retries.");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            await using var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false);
            await DispatchAsync(environment, store, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static async Task<DispatchSummary> DispatchAsync(CliEnvironment environment, IInteractionStore store, CancellationToken cancellationToken)
    {
        var summary = await environment.CreateDispatcher(store).RunAsync(cancellationToken).ConfigureAwait(false);
        var next = summary.NextRetry is { } at ? string.Create(CultureInfo.InvariantCulture, $" (next retry {at:yyyy-MM-dd HH:mm:ss}Z)") : "";
        await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"dispatched {summary.Bumps:N0} bumps via {environment.Settings.Feedback.Sink} in {summary.Elapsed.TotalSeconds:0.0} s ({summary.Attempts:N0} attempts): raised {summary.Raised:N0}, already at least as high {summary.Unchanged:N0}, waiting for a retry {summary.Retrying:N0}{next}, dead {summary.Dead:N0}")).ConfigureAwait(false);
        return summary;
    }
}
