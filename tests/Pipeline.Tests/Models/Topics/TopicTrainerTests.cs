using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Privacy;
using Pipeline.Ingest.Transcripts;
using Pipeline.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Topics;

/// <summary>Fits on the shipped CFPB narratives with small settings (a few seconds a fit), once for the class.</summary>
public class TopicTrainerTests
{
    private static readonly TopicOptions Small = new()
    {
        Count = 5,
        Restarts = 2,
        Iterations = 80,
        StopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.txt"),
    };

    private TopicCorpus _corpus = null!;
    private TopicTrainingResult _first = null!;
    private string _firstDirectory = null!;

    public static async Task<TopicCorpus> ShippedCorpusAsync(TopicOptions options, Func<Interaction, bool>? keep = null)
    {
        var reader = new InputReader(new ReaderCatalog(new EmailOptions(), new TranscriptOptions()), new InteractionFactory(new CustomerKeyHasher(new byte[32])), NullLogger.Instance);
        var interactions = reader.ReadAsync([new IngestSource(Path.Combine(TestPaths.Data, "complaints"))], CancellationToken.None);
        return await TopicCorpus.BuildAsync(interactions.Where(i => keep?.Invoke(i) ?? true), TopicText.Load(options.StopWordsFile), options, CancellationToken.None);
    }

    /// <summary>The shipped CFPB narratives as interactions (those with text).</summary>
    public static async Task<List<Interaction>> ShippedInteractionsAsync()
    {
        var reader = new InputReader(new ReaderCatalog(new EmailOptions(), new TranscriptOptions()), new InteractionFactory(new CustomerKeyHasher(new byte[32])), NullLogger.Instance);
        var all = new List<Interaction>();
        await foreach (var interaction in reader.ReadAsync([new IngestSource(Path.Combine(TestPaths.Data, "complaints"))], CancellationToken.None))
        {
            if (interaction.HasText)
            {
                all.Add(interaction);
            }
        }

        return all;
    }

    private static TopicTrainer Trainer(TopicOptions options) => new(options, new FakeTimeProvider(), NullLogger.Instance);

    [OneTimeSetUp]
    public async Task FitOnce()
    {
        _corpus = await ShippedCorpusAsync(Small);
        _firstDirectory = TestPaths.NewScratch("topics-first");
        _first = Trainer(Small).Train(_corpus, null, null, new Dictionary<int, string>(), _firstDirectory, CancellationToken.None);
    }

    [Test]
    public void Train_ShippedNarratives_WritesTopicsJsonInTheDocumentedShape()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_firstDirectory, TopicFiles.TopicsFile)));
        var topics = json.RootElement.EnumerateArray().ToList();

        Assert.That(topics, Has.Count.EqualTo(5));
        Assert.That(topics.Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        foreach (var topic in topics)
        {
            Assert.That(topic.GetProperty("label").GetString(), Is.Not.Empty);
            Assert.That(topic.GetProperty("terms").GetArrayLength(), Is.GreaterThanOrEqualTo(10));
            Assert.That(topic.GetProperty("terms")[0].GetProperty("term").GetString(), Does.Match("^[a-z]{3,}$"));
            Assert.That(topic.GetProperty("terms")[0].GetProperty("weight").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(topic.GetProperty("coherence").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(topic.GetProperty("documents").GetArrayLength(), Is.EqualTo(3));
        }

        var vocabulary = _first.Model.Vocabulary.ToHashSet();
        var withKnownWords = _corpus.Documents.Count(d => d.Words.Any(vocabulary.Contains));
        Assert.That(topics.Sum(t => t.GetProperty("size").GetInt32()), Is.EqualTo(withKnownWords), "every document with a vocabulary word counts once, in its dominant topic");
        Assert.That(topics.Select(t => t.GetProperty("size").GetInt32()), Is.Ordered.Descending, "a first fit numbers topics from the largest");
        Assert.That(_first.Model.Candidates, Has.Count.EqualTo(2), "one fit per restart");
        Assert.That(_first.Model.Coherence, Is.EqualTo(_first.Model.Candidates.Max(c => c.Coherence)), "the most coherent restart is kept");
    }

    [Test]
    public void Train_SameCorpusAgain_SameModelAndSameTopicsJson()
    {
        var again = TestPaths.NewScratch("topics-again");

        var second = Trainer(Small).Train(_corpus, null, null, new Dictionary<int, string>(), again, CancellationToken.None);

        Assert.That(second.Model.ModelVersion, Is.EqualTo(_first.Model.ModelVersion));
        Assert.That(File.ReadAllText(Path.Combine(again, TopicFiles.TopicsFile)), Is.EqualTo(File.ReadAllText(Path.Combine(_firstDirectory, TopicFiles.TopicsFile))));
    }

    [Test]
    public async Task Train_RefitOnMoreData_KeepsTheIdsOfTopicsThatStayedAndTheAnalystsLabels()
    {
        // The first model saw the narratives up to mid-2019; the refit sees all of them.
        var earlier = await ShippedCorpusAsync(Small, i => i.ReceivedAt < new DateTimeOffset(2019, 7, 1, 0, 0, 0, TimeSpan.Zero));
        var directory = TestPaths.NewScratch("topics-refit");
        var before = Trainer(Small).Train(earlier, null, null, new Dictionary<int, string>(), directory, CancellationToken.None);
        var labels = new Dictionary<int, string> { [before.Topics[0].Id] = "our own name" };

        var after = Trainer(Small).Train(_corpus, null, before.Model, labels, directory, CancellationToken.None);

        var kept = after.Topics.Where(t => !t.New).ToList();
        Assert.That(kept, Has.Count.GreaterThanOrEqualTo(3), "most topics are still there and keep their ids");
        foreach (var topic in kept)
        {
            var old = before.Model.Topics.Single(t => t.Id == topic.Id);
            var now = after.Model.Topics.Single(t => t.Id == topic.Id);
            Assert.That(TopicAligner.Cosine(old.Distribution, now.Distribution), Is.GreaterThanOrEqualTo(Small.AlignmentThreshold));
        }

        Assert.That(after.Topics.Where(t => t.New).Select(t => t.Id), Has.All.GreaterThan(5), "new topics never reuse an id");
        Assert.That(after.Model.RetiredIds, Has.Count.EqualTo(after.Topics.Count(t => t.New)));
        if (after.Topics.SingleOrDefault(t => t.Id == before.Topics[0].Id) is { } relabelled)
        {
            Assert.That(relabelled.Label, Is.EqualTo("our own name"));
            Assert.That(relabelled.AutoLabel, Is.Not.EqualTo("our own name"));
        }
    }

    [Test]
    public void Train_TooFewDocuments_SaysHowManyAreNeeded()
    {
        var few = TopicCorpus.FromDocuments(_corpus.Documents.Take(8).ToList());

        var error = Assert.Throws<InsufficientTopicDataException>(() =>
            Trainer(Small).Train(few, null, null, new Dictionary<int, string>(), TestPaths.NewScratch(), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("on 8 documents").And.Contain("at least 20"));
    }

    [Test]
    public void Score_Texts_GivesDistributionOverTheStableIdsAndNothingForUnknownWords()
    {
        var model = TopicModel.Load(_firstDirectory);

        var scores = model.Score([_corpus.Documents[0].Excerpt, "Zzyzx qwerty.", null]);

        Assert.That(scores[0].Dominant, Is.InRange(1, 5));
        Assert.That(scores[0].Distribution.Keys, Is.EquivalentTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(scores[0].Distribution.Values.Sum(), Is.EqualTo(1.0).Within(0.01));
        Assert.That(scores[0].Weight, Is.EqualTo(scores[0].Distribution.Values.Max()));
        Assert.That(scores[1], Is.EqualTo(TopicAssignment.None));
        Assert.That(scores[2], Is.EqualTo(TopicAssignment.None));
    }

    [Test]
    public void Score_ShippedNarratives_MostlyTheDominantTopicOfMlNetsOwnInference()
    {
        var text = TopicText.Load(Small.StopWordsFile);
        var model = TopicModel.Load(_firstDirectory);
        var texts = _corpus.Documents.Select(d => (string?)d.Excerpt).ToList();
        var idOf = model.File.Topics.ToDictionary(t => t.Index, t => t.Id);

        var direct = model.Score(texts);
        var reference = model.ReferenceDistributions(texts, text);

        var compared = reference.Count(r => r.Length > 0);
        var same = Enumerable.Range(0, texts.Count).Count(i => reference[i].Length > 0 && direct[i].Dominant == idOf[Array.IndexOf(reference[i], reference[i].Max())]);
        Assert.That(compared, Is.GreaterThan(1000));
        Assert.That(Enumerable.Range(0, texts.Count).Where(i => reference[i].Length == 0).Select(i => direct[i].Dominant), Has.All.Null, "no words, no topic, on both paths");
        // LightLDA samples (Gibbs) where the direct path solves (fold-in EM): mixed documents may fall either way. 90 % measured on the shipped sample.
        Assert.That(same / (double)compared, Is.GreaterThanOrEqualTo(0.8));
    }

    [Test]
    public void Score_SameTextsTwiceAndOnTwoThreads_SameAssignments()
    {
        var model = TopicModel.Load(_firstDirectory);
        var texts = _corpus.Documents.Take(300).Select(d => (string?)d.Excerpt).ToList();

        var first = model.Score(texts);
        var parallel = new IReadOnlyList<TopicAssignment>[2];
        Parallel.For(0, 2, i => parallel[i] = model.Score(texts));

        Assert.That(parallel[0].Select(a => (a.Dominant, a.Weight)), Is.EqualTo(first.Select(a => (a.Dominant, a.Weight))));
        Assert.That(parallel[1].Select(a => (a.Dominant, a.Weight)), Is.EqualTo(first.Select(a => (a.Dominant, a.Weight))));
    }

    [Test]
    public void Load_ModelOfAnEarlierPipeline_SaysToFitAgain()
    {
        var directory = TestPaths.NewScratch("topics-v1");
        foreach (var file in Directory.GetFiles(_firstDirectory))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        var metadata = Path.Combine(directory, TopicFiles.MetadataFile);
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace(TopicTrainer.ModelVersionPrefix, "topics-lda-v1", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => TopicModel.Load(directory));

        Assert.That(error!.Message, Does.Contain("topics-lda-v1").And.Contain("fit it again"));
    }

    [Test]
    public void Infer_DocumentOfOneTopicsWords_GivesThatTopicAlmostAll()
    {
        double[][] phi = [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]];
        var inference = new TopicInference(phi, alphaSum: 1);
        var theta = new double[2];

        var found = inference.Infer([2, 3], [5, 4], theta, new double[4]);

        Assert.That(found, Is.True);
        Assert.That(theta[1], Is.GreaterThan(0.9));
        Assert.That(theta.Sum(), Is.EqualTo(1).Within(1e-9));
        Assert.That(inference.Infer([], [], theta, new double[4]), Is.False);
    }

    [Test]
    public void LoadLabels_NotAnId_FailsNamingTheFileAndKey()
    {
        var path = Path.Combine(TestPaths.NewScratch(), "labels.json");
        File.WriteAllText(path, """{"seven": "credit report errors"}""");

        var error = Assert.Throws<InvalidDataException>(() => TopicFiles.LoadLabels(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("'seven'"));
    }
}
