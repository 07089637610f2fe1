using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("Complaint-analysis pipeline: ingest complaints, e-mails and call transcripts into one store.")
{
    IngestCommand.Create(),
    RunCommand.Create(),
    ScoreCommand.Create(),
    QuarantineCommand.Create(),
    RunsCommand.Create(),
    TrainCommand.Create(),
    TopicsCommand.Create(),
    EvaluateCommand.Create(),
    ReportCommand.Create(),
    ExportCommand.Create(),
    DispatchCommand.Create(),
    BumpsCommand.Create(),
    WorkerCommand.Create(),
    HealthCommand.Create(),
};
root.Options.Add(GlobalOptions.Store);
root.Options.Add(GlobalOptions.Set);
// On SIGINT/SIGTERM the verb's token is cancelled and it gets time to finish its batch (the worker's jobs included).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(2) });
