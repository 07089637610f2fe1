using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Telemetry;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Worker;

/// <summary>
/// Runs one execution of a scheduled job with what every job needs: the store, a record in the store's runs
/// (kind "job:&lt;name&gt;", with the scheduled time and the worker that ran it, and how many items it handled), and a
/// failure that is logged rather than allowed to stop the worker; a span ("job &lt;name&gt;") and the job's duration in the
/// metrics (<see cref="WorkerMetrics"/>). A stop request ends the job after its batch.
/// </summary>
public sealed class JobRunner(CliEnvironment environment, WorkerMetrics metrics, ILogger<JobRunner> logger)
{
    /// <summary>A name for this worker process in the runs it records ("host/pid").</summary>
    public static string Worker { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <param name="work">The job's body (the same code as the CLI verb); returns how many items it handled.</param>
    public async Task RunAsync(string job, DateTimeOffset scheduled, string instance, Func<IInteractionStore, CancellationToken, Task<long>> work, CancellationToken cancellationToken)
    {
        using var activity = WorkerMetrics.Jobs.StartActivity("job " + job);
        activity?.SetTag("pipeline.job", job);
        activity?.SetTag("pipeline.job.scheduled", scheduled.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        activity?.SetTag("pipeline.worker", instance);
        var started = environment.Time.GetTimestamp();
        await using var store = await environment.OpenStoreAsync(CancellationToken.None).ConfigureAwait(false);
        var run = await store.BeginRunAsync("job:" + job,
            [scheduled.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), instance], environment.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        long handled = 0;
        var status = RunStatus.Completed;
        logger.LogInformation("Job {Job} (scheduled {Scheduled:u}) started on {Worker}", job, scheduled, instance);
        try
        {
            handled = await work(store, cancellationToken).ConfigureAwait(false);
            status = cancellationToken.IsCancellationRequested ? RunStatus.Stopped : RunStatus.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = RunStatus.Stopped;
        }
        catch (Exception ex)
        {
            status = RunStatus.Failed;
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogError(ex, "Job {Job} failed: {Message}. The worker carries on; the next run tries again.", job, ex.Message);
        }
        finally
        {
            await store.CompleteRunAsync(run, new RunCounts(0, handled, handled, 0, 0, 0), status, environment.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        activity?.SetTag("pipeline.job.status", status.ToName());
        activity?.SetTag("pipeline.job.items", handled);
        metrics.JobFinished(job, status, environment.Time.GetElapsedTime(started));
        logger.LogInformation("Job {Job} {Status}: {Handled} items", job, status.ToName(), handled);
    }
}
