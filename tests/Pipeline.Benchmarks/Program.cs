// Ingest throughput benchmark: generates a narrative-free CFPB-layout CSV of the given size (or takes a
// given file), ingests it into a fresh store and prints rows/s, MB/s and peak memory.
//   dotnet run --project tests/Pipeline.Benchmarks -c Release -- [--megabytes 50] [--store sqlite:PATH|postgres:...] [--file CSV]
// The corpus generator: N interactions of real recombined text in the shipped formats, over five years of weeks
// (CorpusGenerator.cs), for `pipeline ingest DIR` and `pipeline score` (BENCHMARKS.md).
//   dotnet run --project tests/Pipeline.Benchmarks -c Release -- generate --count 100000 --out /tmp/corpus [--seed 1] [--data data]
// BenchmarkDotNet over the hot functions (HotPaths.cs: tokeniser, redaction, featurisation, LDA inference, anger scan), per
// narrative of the shipped sample, from the repository root; BenchmarkDotNet's own options follow (--filter '*Anger*'):
//   dotnet run --project tests/Pipeline.Benchmarks -c Release -- hot [--filter PATTERN] [--job short]
using System.Diagnostics;
using BenchmarkDotNet.Running;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Privacy;
using Pipeline.Ingest.Transcripts;
using Pipeline.Storage;

if (args.Length > 0 && args[0] == "hot")
{
    // In this process (no generated project per benchmark: the same measurements, and it starts in seconds), BenchmarkDotNet's
    // short job unless another is asked for.
    var hotArgs = args[1..];
    hotArgs = [.. hotArgs, .. hotArgs.Contains("--filter") ? Array.Empty<string>() : ["--filter", "*"], .. hotArgs.Contains("--job") ? Array.Empty<string>() : ["--job", "short"], "--inProcess"];
    var summaries = BenchmarkSwitcher.FromTypes([typeof(Pipeline.Benchmarks.HotPaths)]).Run(hotArgs);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

if (args.Length > 0 && args[0] == "generate")
{
    int? count = null;
    string? output = null, data = null;
    var seed = 1;
    for (var i = 1; i < args.Length - 1; i += 2)
    {
        switch (args[i])
        {
            case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--out": output = args[i + 1]; break;
            case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--data": data = args[i + 1]; break;
            default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
        }
    }

    if (count is not > 0 || output is null)
    {
        Console.Error.WriteLine("usage: generate --count N --out DIR [--seed S] [--data DIR]");
        return 2;
    }

    var watch = Stopwatch.StartNew();
    var corpus = Pipeline.Benchmarks.CorpusGenerator.FromSample(data ?? "data", seed).Write(count.Value, output);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrote {corpus.Total:N0} interactions ({corpus.Complaints:N0} complaints, {corpus.Emails:N0} e-mails, {corpus.Calls:N0} calls) in {corpus.Files.Count} files to {output} in {watch.Elapsed.TotalSeconds:0.0} s"));
    return 0;
}

var megabytes = 50;
string? store = null;
string? file = null;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--megabytes": megabytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--store": store = args[i + 1]; break;
        case "--file": file = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var scratch = Directory.CreateTempSubdirectory("pipeline-bench-").FullName;
try
{
    if (file is null)
    {
        file = Path.Combine(scratch, "complaints.csv");
        await WriteCsvAsync(file, megabytes * 1024L * 1024L);
    }

    store ??= "sqlite:" + Path.Combine(scratch, "bench.db");
    await using var target = await StoreFactory.OpenAsync(store, CancellationToken.None);
    var stage = new IngestStage(
        target,
        new ReaderCatalog(new EmailOptions(), new TranscriptOptions()),
        new InteractionFactory(new CustomerKeyHasher(new byte[32])),
        new IngestOptions(),
        TimeProvider.System,
        NullLogger<IngestStage>.Instance);

    var peak = new PeakMemory();
    var clock = Stopwatch.StartNew();
    var summary = await stage.RunAsync([new IngestSource(file)], peak, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;
    var size = new FileInfo(file).Length / 1048576.0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{target.Description}: {summary.RecordsRead:N0} rows, {size:0.0} MB in {seconds:0.00} s = {summary.RecordsRead / seconds:N0} rows/s, {size / seconds:0.0} MB/s; " +
        $"peak managed heap {peak.Peak / 1048576.0:0.0} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
    return 0;
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

static async Task WriteCsvAsync(string path, long bytes)
{
    await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    await writer.WriteAsync("Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n");
    for (var id = 1; writer.BaseStream.Length < bytes; id++)
    {
        var day = new DateOnly(2019, 1, 1).AddDays(id % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"{day},Debt collection,I do not know,Communication tactics,Frequent or repeated calls,,,SOME COLLECTOR,FL,335XX,,Consent provided,Web,{day},Closed with explanation,Yes,N/A,{id}\n"));
    }
}

sealed class PeakMemory : IIngestProgress
{
    public long Peak { get; private set; }

    public void Planned(int files, long totalBytes) { }

    public void FileStarted(string path, long length) { }

    public void Advanced(string path, long position, long recordsRead) => Peak = Math.Max(Peak, GC.GetTotalMemory(false));

    public void FileFinished(FileSummary summary) { }
}
