using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;
using Pipeline.Tests.Models.Topics;

namespace Pipeline.Tests.Support;

/// <summary>
/// Models trained once per test run for the tests that start worker processes: the real sentiment model (the same
/// deterministic training as a fresh clone's, about a minute) and a small topic model on the shipped narratives.
/// </summary>
public static class SharedModels
{
    private static readonly Lazy<Task<(string Sentiment, string Topics)>> Trained = new(TrainAsync);

    public static Task<(string Sentiment, string Topics)> DirectoriesAsync() => Trained.Value;

    private static async Task<(string Sentiment, string Topics)> TrainAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "pipeline-test-models-" + Environment.ProcessId);
        var sentiment = Path.Combine(root, "sentiment");
        var topics = Path.Combine(root, "topics");
        var sentimentOptions = new SentimentOptions
        {
            ModelDirectory = sentiment,
            TrainingDataDirectory = Path.Combine(TestPaths.Data, "sentiment"),
            LexiconFile = Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt"),
            NamesFile = Path.Combine(TestPaths.Data, "lexicons", "sentiment-names.en.txt"),
        };
        var sentimentTask = Task.Run(() => new SentimentModelProvider(sentimentOptions, NullLogger.Instance).LoadOrTrain());
        var topicOptions = new TopicOptions { Count = 4, Restarts = 1, Iterations = 60, StopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.txt") };
        var corpus = await TopicTrainerTests.ShippedCorpusAsync(topicOptions);
        new TopicTrainer(topicOptions, TimeProvider.System, NullLogger.Instance).Train(corpus, null, null, new Dictionary<int, string>(), topics, CancellationToken.None);
        await sentimentTask;
        return (sentiment, topics);
    }
}
