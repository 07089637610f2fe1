using System.CommandLine;
using Pipeline.Cli.Worker;

namespace Pipeline.Cli.Commands;

/// <summary><c>worker</c>: runs the pipeline on its schedules until stopped (SIGTERM or Ctrl+C).</summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Run the pipeline on its own: scheduled ingest, scoring, bump dispatch and the weekly report (see Worker:* settings); SIGTERM stops it after the batch in hand.");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            // The same checks a verb would make, before anything is scheduled: drop folders, the store, the models.
            Pipeline.Ingest.InputFiles.CheckInputs(RunCommand.ConfiguredSources(environment));
            await using (var store = await environment.OpenStoreAsync(ct).ConfigureAwait(false))
            {
                _ = await environment.CreateScoreStageAsync(store, ct).ConfigureAwait(false);
                _ = environment.CreateDispatcher(store);
            }

            await WorkerHost.RunAsync(environment, environment.Settings.Worker, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
