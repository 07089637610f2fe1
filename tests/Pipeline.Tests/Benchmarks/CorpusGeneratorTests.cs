using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Benchmarks;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Privacy;
using Pipeline.Ingest.Transcripts;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Benchmarks;

public class CorpusGeneratorTests
{
    [Test]
    public void Write_SameSeedAndCount_GivesTheSameBytes()
    {
        var first = CorpusGenerator.FromSample(TestPaths.Data, seed: 7).Write(600, TestPaths.NewScratch("corpus-a"));
        var second = CorpusGenerator.FromSample(TestPaths.Data, seed: 7).Write(600, TestPaths.NewScratch("corpus-b"));

        Assert.That(first.Files.Select(Path.GetFileName), Is.EqualTo(second.Files.Select(Path.GetFileName)));
        Assert.That(first.Files.Select(Hash), Is.EqualTo(second.Files.Select(Hash)));
    }

    [Test]
    public async Task Write_GeneratedCorpus_IngestsWholeAsTheChannelsItWrote()
    {
        var directory = TestPaths.NewScratch("corpus");
        var corpus = CorpusGenerator.FromSample(TestPaths.Data, seed: 1).Write(1_000, directory);
        await using var store = await StoreFactory.OpenAsync("sqlite:" + Path.Combine(directory, "bench.db"), CancellationToken.None);
        var stage = new IngestStage(store, new ReaderCatalog(new EmailOptions(), new TranscriptOptions()), new InteractionFactory(new CustomerKeyHasher(new byte[32])),
            new IngestOptions(), TimeProvider.System, NullLogger<IngestStage>.Instance);

        var summary = await stage.RunAsync([new IngestSource(directory)], NoProgress.Instance, CancellationToken.None);

        Assert.That((summary.RecordsRead, summary.Stored, summary.Rejected), Is.EqualTo((corpus.Total, corpus.Total, 0L)));
        Assert.That(corpus.Complaints, Is.GreaterThan(corpus.Emails).And.GreaterThan(corpus.Calls));
        Assert.That(corpus.Emails, Is.GreaterThan(0));
        Assert.That(corpus.Calls, Is.GreaterThan(0));
        var totals = await store.GetTotalsAsync(CancellationToken.None);
        Assert.That((totals.Interactions[Pipeline.Core.Channel.Complaint], totals.Interactions[Pipeline.Core.Channel.Email], totals.Interactions[Pipeline.Core.Channel.Call]),
            Is.EqualTo(((long)corpus.Complaints, (long)corpus.Emails, (long)corpus.Calls)));
        Assert.That(totals.WithText, Is.EqualTo(corpus.Total));
    }

    [Test]
    public void Write_PlantedSpikeWeeks_StandOutAgainstTheMedianWeek()
    {
        var directory = TestPaths.NewScratch("corpus-spikes");
        var corpus = CorpusGenerator.FromSample(TestPaths.Data, seed: 3).Write(40_000, directory);
        var perWeek = new Dictionary<(int, int), int>();
        using (var reader = new StreamReader(corpus.Files.Single(f => Path.GetFileName(f).StartsWith("complaints", StringComparison.Ordinal))))
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var day = DateTime.ParseExact(csv.GetField("Date received")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var key = (ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
                perWeek[key] = perWeek.GetValueOrDefault(key) + 1;
            }
        }

        var median = perWeek.Values.Order().ElementAt(perWeek.Count / 2);
        Assert.That(perWeek.Keys.Min(), Is.EqualTo((CorpusGenerator.FirstYear, 2)));
        Assert.That(perWeek, Has.Count.GreaterThanOrEqualTo(255), "five years of weeks");
        foreach (var (year, week, _, factor) in CorpusGenerator.Spikes)
        {
            Assert.That(perWeek[(year, week)], Is.GreaterThan(median * (factor - 0.5)), $"{year}-W{week}");
        }
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
