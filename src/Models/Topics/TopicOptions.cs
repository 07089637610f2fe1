using System.ComponentModel.DataAnnotations;
using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>Configuration section <c>Topics</c>: where the topic model lives and how it is fitted.</summary>
public sealed class TopicOptions
{
    public const string Section = "Topics";

    /// <summary>Folder of model.zip, phi.bin, model.json and topics.json; fitted there on the store's interactions on first use when missing.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/topics";

    /// <summary>Domain stop words (one per line) on top of ML.NET's English and Russian lists.</summary>
    [Required]
    public string StopWordsFile { get; set; } = "data/topics/stopwords.txt";

    /// <summary>Chinese stop words (function words, pronouns, filler) the Chinese topic model leaves out.</summary>
    [Required]
    public string ChineseStopWordsFile { get; set; } = "data/topics/stopwords.zh.txt";

    /// <summary>
    /// Documents a Russian or Chinese topic model needs (texts in that language with at least <see cref="MinWords"/>
    /// prepared words); a language with fewer gets no model, and its interactions no topic.
    /// </summary>
    [Range(20, 1_000_000)]
    public int MinLanguageDocuments { get; set; } = 300;

    /// <summary>The languages with a topic model of their own.</summary>
    public static readonly IReadOnlyList<string> ModelLanguages = [Languages.English, Languages.Russian, Languages.Chinese];

    /// <summary>A language's model folder: <see cref="ModelDirectory"/> for English, with "-ru" or "-zh" after it for the others.</summary>
    public string ModelDirectoryOf(string language) => language == Languages.English ? ModelDirectory : $"{ModelDirectory}-{language}";

    /// <summary>The first stable id of a language's topics (English 1, Russian 1001, Chinese 2001), so ids stay apart in the store and the reports.</summary>
    public static int FirstIdOf(string language) => language switch
    {
        Languages.Russian => 1001,
        Languages.Chinese => 2001,
        _ => 1,
    };

    /// <summary>The language whose model numbers its topics with <paramref name="id"/> (<see cref="FirstIdOf"/>).</summary>
    public static string LanguageOfId(int id) => id >= FirstIdOf(Languages.Chinese) ? Languages.Chinese : id >= FirstIdOf(Languages.Russian) ? Languages.Russian : Languages.English;

    /// <summary>Analysts' labels by topic id (<c>{"7": "credit report errors"}</c>); optional, never written by a refit.</summary>
    [Required]
    public string LabelsFile { get; set; } = "topic-labels.json";

    /// <summary>The number of topics; when unset it is chosen by coherence from <see cref="MinTopics"/> to <see cref="MaxTopics"/>.</summary>
    [Range(2, 200)]
    public int? Count { get; set; }

    [Range(2, 200)]
    public int MinTopics { get; set; } = 6;

    [Range(2, 200)]
    public int MaxTopics { get; set; } = 14;

    [Range(1, 50)]
    public int TopicStep { get; set; } = 2;

    /// <summary>Fits per number of topics, each on another (seeded) document order; the most coherent is kept.</summary>
    [Range(1, 20)]
    public int Restarts { get; set; } = 3;

    /// <summary>
    /// LightLDA sweeps per fit. 200: on the shipped sample the fit takes 33 s instead of 90 s at 500 (eight fits, two
    /// at a time), chooses the same number of topics and the same themes, at mean C_v 0.641 instead of 0.652 (BENCHMARKS.md).
    /// </summary>
    [Range(10, 10_000)]
    public int Iterations { get; set; } = 200;

    /// <summary>Dirichlet prior of the document-topic distributions, summed over the topics.</summary>
    [Range(0.001, 1000)]
    public double AlphaSum { get; set; } = 1;

    /// <summary>Dirichlet prior of the topic-word distributions.</summary>
    [Range(0.0001, 10)]
    public double Beta { get; set; } = 0.05;

    /// <summary>A word must appear in at least this many training documents to be in the vocabulary.</summary>
    [Range(1, 1_000_000)]
    public int MinDocumentFrequency { get; set; } = 3;

    /// <summary>…and in at most this share of them (words nearly every complaint uses say nothing about its topic).</summary>
    [Range(0.01, 1)]
    public double MaxDocumentShare { get; set; } = 0.5;

    /// <summary>Documents with fewer prepared words are not used for fitting (they are still scored).</summary>
    [Range(1, 1000)]
    public int MinWords { get; set; } = 5;

    /// <summary>At most this many documents are fitted on (a seeded uniform sample of the input beyond that).</summary>
    [Range(10, 10_000_000)]
    public int MaxTrainingDocuments { get; set; } = 20_000;

    /// <summary>Terms listed per topic (ranked by relevance: <see cref="Relevance"/>·log p(w|t) + (1−λ)·log lift).</summary>
    [Range(10, 100)]
    public int TermsPerTopic { get; set; } = 10;

    /// <summary>λ of the term relevance (Sievert and Shirley 2014): 1 ranks by probability alone, lower values favour distinctive terms.</summary>
    [Range(0, 1)]
    public double Relevance { get; set; } = 0.6;

    /// <summary>A refitted topic keeps an earlier topic's id when their term distributions have at least this cosine similarity.</summary>
    [Range(0, 1)]
    public double AlignmentThreshold { get; set; } = 0.3;

    [Range(0, 20)]
    public int RepresentativeDocuments { get; set; } = 3;

    public IEnumerable<string> Validate()
    {
        if (MinTopics > MaxTopics)
        {
            yield return $"{Section}:MinTopics ({MinTopics}) is greater than {Section}:MaxTopics ({MaxTopics})";
        }
    }

    /// <summary>The numbers of topics to try.</summary>
    public IReadOnlyList<int> Candidates(int? count) =>
        (count ?? Count) is { } k ? [k] : Enumerable.Range(0, (MaxTopics - MinTopics) / TopicStep + 1).Select(i => MinTopics + i * TopicStep).ToArray();
}
