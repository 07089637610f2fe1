// The evaluation suite: sentiment and anger across domains, the tables of the README.
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- sentiment [--quick] [--bias-grid] [--shared DIR] [--json FILE]
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- anger [--sweep] [--shared DIR] [--json FILE]
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- language [--shared DIR] [--json FILE]
//   dotnet run --project tests/Pipeline.Evaluation -c Release -- gold-draw STORE.db OUT.csv   (how data/gold/gold.csv was drawn)
// --quick leaves out the held-out-corpus fits (one model instead of nine). Progress goes to stderr, the table to stdout.
using System.Text.Json;
using Pipeline.Evaluation;

const string Usage = "usage: sentiment [--quick] [--bias-grid] [--shared DIR] [--json FILE] | anger [--sweep] [--shared DIR] [--json FILE] | language [--shared DIR] [--json FILE] | gold-draw STORE.db OUT.csv";
if (args.Length > 0 && args[0] == "gold-draw")
{
    if (args.Length != 3)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    var drawn = GoldDraw.Write(args[1], args[2]);
    Console.WriteLine($"wrote {drawn} interactions with empty labels to {args[2]} (label them by data/gold/GUIDELINES.md)");
    return 0;
}

if (args.Length == 0 || args[0] is not ("sentiment" or "anger" or "language"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

string? shared = null, json = null;
bool quick = false, biasGrid = false, sweep = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--shared" when i + 1 < args.Length: shared = args[++i]; break;
        case "--json" when i + 1 < args.Length: json = args[++i]; break;
        case "--quick": quick = true; break;
        case "--bias-grid": biasGrid = true; break;
        case "--sweep": sweep = true; break;
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
if (args[0] == "language")
{
    var rows = new LanguageSuite(repository, sharedDirectory).Run(perSet: 5000);
    Console.Out.Write(LanguageSuite.Table(rows));
    result = rows;
}
else if (args[0] == "sentiment")
{
    var rows = new SentimentSuite(repository, sharedDirectory, Console.Error).Run(!quick, biasGrid, goldPath);
    Console.Out.Write(SuiteTables.Sentiment(rows));
    result = rows;
}
else if (sweep)
{
    var rows = new AngerSuite(repository, sharedDirectory).Sweep([1, 1.5, 2, 2.5, 3, 3.5, 4], goldPath);
    Console.Out.Write(SuiteTables.AngerSweep(rows));
    result = rows.Select(r => new { r.High, r.Rows }).ToList();
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
