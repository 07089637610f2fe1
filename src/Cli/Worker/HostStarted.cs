using Microsoft.Extensions.Hosting;

namespace Pipeline.Cli.Worker;

/// <summary>Waits until the host has started every service (the scheduler's among them), or until a stop comes first.</summary>
public static class HostStarted
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetResult());
        await started.Task.ConfigureAwait(false);
    }
}
