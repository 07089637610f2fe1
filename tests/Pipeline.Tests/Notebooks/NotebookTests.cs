using System.Diagnostics;
using System.Text.Json;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Notebooks;

/// <summary>
/// The analysts' notebooks, executed headless by a real client (Jupyter's nbconvert with the .NET Interactive kernel,
/// which test.sh installs) against a store the CLI made: a cell that throws fails the test.
/// </summary>
public class NotebookTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepoRoot, "notebooks");

    public static IEnumerable<string> Notebooks() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Test]
    public void Notebooks_InTheRepository_AreThereWithTheirOutputsStripped()
    {
        var names = Notebooks().ToList();

        Assert.That(names, Does.Contain("weekly-review.ipynb"));
        foreach (var name in names)
        {
            using var notebook = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));
            var outputs = notebook.RootElement.GetProperty("cells").EnumerateArray()
                .Where(c => c.GetProperty("cell_type").GetString() == "code")
                .Sum(c => c.GetProperty("outputs").GetArrayLength());
            Assert.That(outputs, Is.Zero, $"{name} is committed without outputs");
        }
    }

    /// <summary>What each notebook's outputs must show, so that a notebook that runs but shows nothing fails.</summary>
    private static readonly Dictionary<string, string> Shows = new(StringComparer.Ordinal)
    {
        ["weekly-review.ipynb"] = "week 2019-W26",
        ["anger-and-bumps.ipynb"] = "week 2019-W26 (UTC)",
        ["topics.ipynb"] = "Shown = our name for it",
        ["models.ipynb"] = "Model = trained here (sentiment-",
    };

    [TestCaseSource(nameof(Notebooks))]
    public async Task Notebook_ExecutedHeadless_RunsEveryCellAgainstTheStore(string name)
    {
        Assert.That(Shows.ContainsKey(name), Is.True, $"{name}: say in Shows what its outputs must show");
        var nbconvert = Which("jupyter-nbconvert");
        if (nbconvert is null || Which("dotnet-interactive") is null)
        {
            const string missing = "jupyter-nbconvert or dotnet-interactive is not on PATH: run the tests with ./test.sh, which installs them.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(missing);
            }

            Assert.Ignore(missing);
        }

        var (scratch, store) = await PreparedStore.Value;
        var executed = Path.Combine(scratch, name);
        var start = new ProcessStartInfo(nbconvert!)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--to", "notebook", "--execute", name, "--output", executed, "--ExecutePreprocessor.timeout=600" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PIPELINE_NOTEBOOK_STORE"] = store;
        start.Environment["PIPELINE_NOTEBOOK_WEEK"] = "2019-W26";
        start.Environment["PIPELINE_NOTEBOOK_MODELS"] = Path.Combine(scratch, "models");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, await stderr);
        using var result = JsonDocument.Parse(File.ReadAllText(executed));
        var outputs = result.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .ToList();
        Assert.That(outputs.Select(o => o.GetProperty("output_type").GetString()), Has.None.EqualTo("error"));
        Assert.That(outputs.Select(o => o.ToString()), Has.Some.Contains(Shows[name]));
    }

    /// <summary>One store for every notebook (they only read it): the shipped complaints, ingested and scored by the CLI.</summary>
    private static readonly Lazy<Task<(string Scratch, string Store)>> PreparedStore = new(async () =>
    {
        var scratch = TestPaths.NewScratch("notebook");
        var store = "sqlite:" + Path.Combine(scratch, "pipeline.db");
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(scratch, "pipeline.key"),
            ["PIPELINE_Sentiment__ModelDirectory"] = Path.Combine(scratch, "models", "sentiment"),
            ["PIPELINE_Topics__ModelDirectory"] = Path.Combine(scratch, "models", "topics"),
            ["PIPELINE_Topics__MinTopics"] = "4",
            ["PIPELINE_Topics__MaxTopics"] = "6",
            ["PIPELINE_Topics__Restarts"] = "2",
            ["PIPELINE_Topics__Iterations"] = "60",
            ["CI"] = "true",
        };
        var ingest = await CliProcess.RunAsync(scratch, environment, "ingest", Path.Combine(TestPaths.Data, "complaints"), "--store", store);
        var score = await CliProcess.RunAsync(scratch, environment, "score", "--store", store);
        Assert.That((ingest.ExitCode, score.ExitCode), Is.EqualTo((0, 0)), score.Stderr);
        return (scratch, store);
    });

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
