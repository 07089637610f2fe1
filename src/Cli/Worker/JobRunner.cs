using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Worker;

/// <summary>
/// Runs one execution of a scheduled job with what every job needs: the store, a record in the store's runs
/// (kind "job:&lt;name&gt;", with the scheduled time and the worker that ran it, and how many items it handled), and a
/// failure that is logged rather than allowed to stop the worker. A stop request ends the job after its batch.
/// </summary>
public sealed class JobRunner(CliEnvironment environment, ILogger<JobRunner> logger)
{
    /// <summary>A name for this worker process in the runs it records ("host/pid").</summary>
    public static string Worker { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <param name="work">The job's body (the same code as the CLI verb); returns how many items it handled.</param>
    public async Task RunAsync(string job, DateTimeOffset scheduled, string instance, Func<IInteractionStore, CancellationToken, Task<long>> work, CancellationToken cancellationToken)
    {
        await using var store = await environment.OpenStoreAsync(CancellationToken.None).ConfigureAwait(false);
        var run = await store.BeginRunAsync("job:" + job,
            [scheduled.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), instance], environment.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        long handled = 0;
        var status = "completed";
        logger.LogInformation("Job {Job} (scheduled {Scheduled:u}) started on {Worker}", job, scheduled, instance);
        try
        {
            handled = await work(store, cancellationToken).ConfigureAwait(false);
            status = cancellationToken.IsCancellationRequested ? "stopped" : "completed";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "stopped";
        }
        catch (Exception ex)
        {
            status = "failed";
            logger.LogError(ex, "Job {Job} failed: {Message}. The worker carries on; the next run tries again.", job, ex.Message);
        }
        finally
        {
            await store.CompleteRunAsync(run, new RunCounts(0, handled, handled, 0, 0, 0), status, environment.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        logger.LogInformation("Job {Job} {Status}: {Handled} items", job, status, handled);
    }
}
