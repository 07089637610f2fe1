using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli.Worker;

/// <summary>At start, writes the latest complete week's report if it is missing: a Monday report missed while the machine was off.</summary>
public sealed class ReportCatchUp(CliEnvironment environment, JobRunner runner) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await runner.RunAsync("report-catch-up", environment.Time.GetUtcNow(), JobRunner.Worker,
            async (store, ct) => await ReportCommand.LatestAsync(environment, store, ct, onlyIfMissing: true).ConfigureAwait(false) ? 1 : 0,
            stoppingToken).ConfigureAwait(false);
}
