using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Commands;
using Pipeline.Cli.Telemetry;
using Quartz;

namespace Pipeline.Cli.Worker;

/// <summary>
/// Scoring on its cron schedule in every worker process (not once across the cluster, as the other jobs): each worker
/// claims batches of unscored interactions (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), so another worker adds
/// throughput. A stop (SIGTERM) ends the run in hand after its batch.
/// </summary>
public sealed class ScoreSchedule(CliEnvironment environment, JobRunner runner, WorkerMetrics metrics, CronExpression cron) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = environment.Time.GetUtcNow();
            var next = cron.GetNextValidTimeAfter(now) ?? throw new InvalidOperationException("Worker:Score never fires again.");
            try
            {
                await Task.Delay(next - now, environment.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await runner.RunAsync("score", next, JobRunner.Worker,
                async (store, ct) =>
                {
                    var summary = await ScoreCommand.ScoreAsync(environment, store, rescore: false, ct).ConfigureAwait(false);
                    metrics.Scored(summary);
                    return summary.Scored;
                },
                stoppingToken).ConfigureAwait(false);
        }
    }
}
