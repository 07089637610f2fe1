using Microsoft.Extensions.Configuration;
using Pipeline.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

public class UnknownSettingsTests
{
    private static IConfiguration Shipped(IDictionary<string, string?> extra) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(TestPaths.RepoRoot, "src", "Cli", "appsettings.json"), optional: false)
        .AddInMemoryCollection(extra)
        .Build();

    [Test]
    public void Find_ShippedSettings_FindsNothing()
    {
        Assert.That(UnknownSettings.Find(Shipped(new Dictionary<string, string?>())), Is.Empty);
    }

    [TestCase("Feedbak:Sink", "jsonl", "Feedbak is not a setting: nothing reads it. Did you mean Feedback?")]
    [TestCase("Feedback:Sinks", "jsonl", "Feedback:Sinks is not a setting: nothing reads it. Did you mean Feedback:Sink?")]
    [TestCase("Reports:Mail:Hots", "smtp.example.com", "Reports:Mail:Hots is not a setting: nothing reads it. Did you mean Reports:Mail:Host?")]
    [TestCase("Ingest:Sources:0:Pth", "data/complaints", "Ingest:Sources:0:Pth is not a setting: nothing reads it. Did you mean Ingest:Sources:0:Path?")]
    [TestCase("store:connectionstrng", "sqlite:x.db", "Store:connectionstrng is not a setting: nothing reads it. Did you mean Store:ConnectionString?")]
    [TestCase("Ingest:BatchSize:Max", "10", "Ingest:BatchSize is a single value, not a section: Ingest:BatchSize:Max would be ignored.")]
    [TestCase("Weather:City", "Oslo", "Weather is not a setting: nothing reads it (known here: Anger, Email, Feedback, Health, Ingest, Logging, Privacy, Reports, Scoring, Sentiment, Store, Telemetry, Topics, Transcripts, Worker).")]
    public void Find_AKeyNothingReads_NamesItAndTheNearestSetting(string key, string value, string expected)
    {
        Assert.That(UnknownSettings.Find(Shipped(new Dictionary<string, string?> { [key] = value })), Is.EqualTo(new[] { expected }));
    }

    [TestCase("Topics:LabelsFile", "labels.json")]
    [TestCase("Feedback:Rules:0:MinLevel", "high")]
    [TestCase("Logging:LogLevel:Pipeline.Models", "Debug")]
    [TestCase("SMTP_PASSWORD", "secret")]
    [TestCase("Reports:Mail:To:0", "lead@example.com")]
    [TestCase("Transcripts:AgentLabels:0", "Rep")]
    public void Find_KeysThatAreRead_FindsNothing(string key, string value)
    {
        Assert.That(UnknownSettings.Find(Shipped(new Dictionary<string, string?> { [key] = value })), Is.Empty);
    }
}
