using System.Globalization;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using Pipeline.Core;
using Pipeline.Ingest;
using Pipeline.Ingest.Privacy;
using Pipeline.Models.Anger;
using Pipeline.Models.Sentiment;
using Pipeline.Models.Topics;

namespace Pipeline.Benchmarks;

/// <summary>
/// The scoring and ingest hot functions, each over the shipped sample's 1,532 CFPB narratives (per narrative, or per
/// sentence where a function reads sentences), with the models in <c>models/</c> and the lexicons in <c>data/</c>:
/// <c>dotnet run --project tests/Pipeline.Benchmarks -c Release -- hot</c> from the repository root (BENCHMARKS.md).
/// </summary>
[MemoryDiagnoser]
public class HotPaths
{
    private string[] _texts = [];
    private string?[] _nullable = [];
    private string[] _sentences = [];
    private string[] _masked = [];
    private VaderScorer _vader = null!;
    private SentimentFeatures _features = null!;
    private SentimentNgrams _ngrams = null!;
    private SentimentModel _sentiment = null!;
    private TopicModel _topics = null!;
    private AngerEngine _anger = null!;
    private readonly SentimentTokenizer _tokenizer = new();
    private readonly SparseFeatures _sparse = new();
    private readonly float[] _lexicon = new float[SentimentRow.LexiconFeatureCount];

    /// <summary>Narratives per benchmark operation: every figure is per narrative.</summary>
    public const int Narratives = 1_532;

    [GlobalSetup]
    public void Load()
    {
        foreach (var required in new[] { "data/complaints/cfpb_complaints_sample.csv", "models/sentiment/model.zip", "models/topics/model.json" })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"'{Path.GetFullPath(required)}' does not exist: run from the repository root after `pipeline train sentiment` and `pipeline train topics` (or the first `pipeline run`).", required);
            }
        }

        var texts = new List<string>();
        using (var csv = new CsvReader(new StreamReader("data/complaints/cfpb_complaints_sample.csv"), CultureInfo.InvariantCulture))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                if (csv.GetField("Consumer complaint narrative") is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
                {
                    texts.Add(text);
                }
            }
        }

        if (texts.Count != Narratives)
        {
            throw new InvalidDataException($"The sample holds {texts.Count} narratives, the benchmarks count {Narratives} per operation: update HotPaths.Narratives.");
        }

        _texts = [.. texts];
        _nullable = [.. texts];
        _vader = new VaderScorer(VaderLexicon.Load("data/lexicons/vader_lexicon.txt"));
        _features = new SentimentFeatures(_vader, SentimentNames.Load("data/lexicons/sentiment-names.en.txt"));
        _ngrams = SentimentNgrams.Load("models/sentiment/" + SentimentNgrams.FileName);
        _sentiment = SentimentModel.Load("models/sentiment/model.zip", _features, "benchmark");
        _topics = TopicModel.Load("models/topics");
        _anger = new AngerEngine(AngerLexicon.LoadDirectory("data/lexicons"), new AngerOptions());
        _sentences = [.. _texts.SelectMany(SentenceSplitter.Split)];
        _masked = [.. _sentences.Select(_features.Mask)];
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "redaction (PiiRedactor.Redact)")]
    public int Redact()
    {
        var length = 0;
        foreach (var text in _texts)
        {
            length += PiiRedactor.Redact(text)!.Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "language detection")]
    public int Language()
    {
        var russian = 0;
        foreach (var text in _texts)
        {
            russian += TextLanguage.Detect(text) == Languages.Russian ? 1 : 0;
        }

        return russian;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "sentiment: sentence splitting")]
    public int Split()
    {
        var sentences = 0;
        foreach (var text in _texts)
        {
            sentences += SentenceSplitter.Split(text).Count;
        }

        return sentences;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "sentiment: names masked (a narrative's sentences)")]
    public int Mask()
    {
        var length = 0;
        foreach (var sentence in _sentences)
        {
            length += _features.Mask(sentence).Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "sentiment: lexicon features incl. VADER (a narrative's sentences)")]
    public float Lexicon()
    {
        var sum = 0f;
        foreach (var sentence in _masked)
        {
            _features.Lexicon(sentence, _lexicon);
            sum += _lexicon[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "sentiment: tokeniser + TF-IDF n-gram featurisation (a narrative's sentences)")]
    public int Featurize()
    {
        var features = 0;
        foreach (var sentence in _masked)
        {
            _ngrams.Featurize(sentence, _tokenizer, _sparse);
            features += _sparse.Count;
        }

        return features;
    }

    [Benchmark(OperationsPerInvoke = Narratives, Description = "sentiment model, whole (split, mask, features, classifier)")]
    public int Sentiment() => _sentiment.Score(_nullable).Count;

    [Benchmark(OperationsPerInvoke = Narratives, Description = "topics: words + LDA fold-in inference")]
    public int Topics() => _topics.Score(_nullable).Count;

    [Benchmark(OperationsPerInvoke = Narratives, Description = "anger scan with its explanation")]
    public int Anger()
    {
        var length = 0;
        foreach (var text in _texts)
        {
            length += _anger.Assess(text, "en").Explain().Length;
        }

        return length;
    }
}
