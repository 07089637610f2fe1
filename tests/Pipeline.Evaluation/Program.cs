// The evaluation suite: sentiment and anger across domains, the tables of the README.
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- sentiment [--quick] [--bias-grid] [--shared DIR] [--json FILE]
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- anger [--shared DIR] [--json FILE]
// --quick leaves out the held-out-corpus fits (one model instead of nine). Progress goes to stderr, the table to stdout.
using System.Text.Json;
using Pipeline.Evaluation;

if (args.Length == 0 || args[0] is not ("sentiment" or "anger"))
{
    Console.Error.WriteLine("usage: sentiment [--quick] [--bias-grid] [--shared DIR] [--json FILE] | anger [--shared DIR] [--json FILE]");
    return 2;
}

string? shared = null, json = null;
bool quick = false, biasGrid = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--shared" when i + 1 < args.Length: shared = args[++i]; break;
        case "--json" when i + 1 < args.Length: json = args[++i]; break;
        case "--quick": quick = true; break;
        case "--bias-grid": biasGrid = true; break;
        default: Console.Error.WriteLine($"unknown option '{args[i]}'"); return 2;
    }
}

var repository = SharedData.RepositoryRoot();
var sharedDirectory = SharedData.Locate(shared);
var gold = Path.Combine(repository, "data", "gold", "gold.csv");
var goldPath = File.Exists(gold) ? gold : null;
if (goldPath is null)
{
    Console.Error.WriteLine($"no gold set at {gold}: its rows are left out");
}

object result;
if (args[0] == "sentiment")
{
    var rows = new SentimentSuite(repository, sharedDirectory, Console.Error).Run(!quick, biasGrid, goldPath);
    Console.Out.Write(SuiteTables.Sentiment(rows));
    result = rows;
}
else
{
    var rows = new AngerSuite(repository, sharedDirectory).Run(goldPath);
    Console.Out.Write(SuiteTables.Anger(rows));
    result = rows;
}

if (json is not null)
{
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
}

return 0;
