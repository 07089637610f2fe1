using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core;
using Pipeline.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Topics;

public class TopicModelProviderTests
{
    private static (TopicModelProvider Provider, TopicOptions Options) Provider()
    {
        var directory = TestPaths.NewScratch("topic-provider");
        var options = new TopicOptions { ModelDirectory = Path.Combine(directory, "topics"), LabelsFile = Path.Combine(directory, "labels.json") };
        return (new TopicModelProvider(options, new FakeTimeProvider(), NullLogger.Instance), options);
    }

    private static TopicSummary Topic(int id, string autoLabel) => new(id, autoLabel, [new TopicTerm("fee", 0.1)], 10, 0.5, autoLabel, false, []);

    private static void WriteTopics(TopicOptions options, string language, params TopicSummary[] topics)
    {
        var directory = Directory.CreateDirectory(options.ModelDirectoryOf(language)).FullName;
        File.WriteAllText(Path.Combine(directory, TopicFiles.TopicsFile), JsonSerializer.Serialize(topics, TopicFiles.Json));
    }

    [Test]
    public void CurrentTopics_NoModel_IsNull()
    {
        Assert.That(Provider().Provider.CurrentTopics(), Is.Null);
    }

    [Test]
    public void CurrentTopics_EnglishAndRussianModels_EveryTopicWithTheAnalystsLabelsOverTheAutomaticOnes()
    {
        var (provider, options) = Provider();
        WriteTopics(options, Languages.English, Topic(1, "fees charged"), Topic(2, "credit report"));
        WriteTopics(options, Languages.Russian, Topic(1001, "кредит банк"));
        File.WriteAllText(options.LabelsFile, """{"2": "credit report errors", "1001": "loans (ru)"}""");

        var topics = provider.CurrentTopics();

        Assert.That(topics?.Select(t => (t.Id, t.Label)), Is.EqualTo(new[] { (1, "fees charged"), (2, "credit report errors"), (1001, "loans (ru)") }));
    }

    [TestCase("{")]
    [TestCase("null")]
    [TestCase("{\"id\": 1}")]
    public void CurrentTopics_NotTheListTrainingWrites_SaysWhichFileAndHowToMakeItAgain(string content)
    {
        var (provider, options) = Provider();
        var path = Path.Combine(Directory.CreateDirectory(options.ModelDirectory).FullName, TopicFiles.TopicsFile);
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidDataException>(() => provider.CurrentTopics());

        Assert.That(error!.Message, Does.Contain(path).And.Contain("train topics"));
    }
}
