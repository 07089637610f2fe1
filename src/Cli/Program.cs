using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("Complaint-analysis pipeline: ingest complaints, e-mails and call transcripts into one store.")
{
    IngestCommand.Create(),
    RunCommand.Create(),
    ScoreCommand.Create(),
    QuarantineCommand.Create(),
    TrainCommand.Create(),
    TopicsCommand.Create(),
    EvaluateCommand.Create(),
    ReportCommand.Create(),
    DispatchCommand.Create(),
    BumpsCommand.Create(),
};
root.Options.Add(GlobalOptions.Store);
root.Options.Add(GlobalOptions.Set);
return await root.Parse(args).InvokeAsync();
