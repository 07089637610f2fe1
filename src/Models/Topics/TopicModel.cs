using Pipeline.Core;
using System.Text.Json;
using Microsoft.ML;
using Pipeline.Models.Text;

namespace Pipeline.Models.Topics;

/// <summary>
/// The topics of one text: its distribution over the stable topic ids, and the dominant topic with its share.
/// A text without a word of the model's vocabulary has no topic (<see cref="Dominant"/> is <c>null</c>).
/// </summary>
public sealed record TopicAssignment(int? Dominant, double? Weight, IReadOnlyDictionary<int, double> Distribution)
{
    public static readonly TopicAssignment None = new(null, null, new Dictionary<int, double>());
}

/// <summary>
/// Scores texts with a fitted topic model: each text's words (<see cref="TopicTokenizer"/>, kept to the model's
/// vocabulary, which holds no stop word and no short word) go through <see cref="TopicInference"/> with the fitted
/// word distributions. The ML.NET transformer the model was fitted as stays in model.zip as the reference
/// (<see cref="ReferenceDistributions"/>). Safe to call from several threads at once (each has its own buffers).
/// </summary>
public sealed class TopicModel
{
    private readonly string _directory;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabulary;
    private readonly int[] _idByIndex;
    private readonly TopicInference _inference;
    private readonly ThreadLocal<Scratch> _scratch;

    private TopicModel(string directory, TopicModelFile file, TopicInference inference)
    {
        _directory = directory;
        File = file;
        _inference = inference;
        var vocabulary = new Dictionary<string, int>(file.Vocabulary.Count, StringComparer.Ordinal);
        for (var w = 0; w < file.Vocabulary.Count; w++)
        {
            vocabulary[file.Vocabulary[w]] = w;
        }

        _vocabulary = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _idByIndex = new int[file.TopicCount];
        foreach (var topic in file.Topics)
        {
            _idByIndex[topic.Index] = topic.Id;
        }

        _scratch = new ThreadLocal<Scratch>(() => new Scratch(file.Vocabulary.Count, file.TopicCount));
    }

    public TopicModelFile File { get; }

    public string Version => File.ModelVersion;

    /// <summary>The language of the texts it was fitted on and reads ("en", "ru", "zh").</summary>
    public string Language => File.Language ?? Languages.English;

    public static TopicModel Load(string directory)
    {
        var metadataPath = Path.Combine(directory, TopicFiles.MetadataFile);
        var file = JsonSerializer.Deserialize<TopicModelFile>(System.IO.File.ReadAllText(metadataPath), TopicFiles.Json)
            ?? throw new InvalidDataException($"{metadataPath} is empty; fit the topics again with `train topics`.");
        if (!string.Equals(file.TextVersion, TopicText.Version, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The topic model in {directory} prepared its text as {file.TextVersion}, this build as {TopicText.Version}; fit it again with `train topics`.");
        }

        if (!IsCurrent(file))
        {
            throw new InvalidDataException($"The topic model in {directory} is {file.ModelVersion}, made by an earlier pipeline (this one makes {TopicTrainer.ModelVersionPrefix}); fit it again with `train topics`.");
        }

        var inference = TopicInference.Load(Path.Combine(directory, TopicInference.FileName));
        if (inference.Topics != file.TopicCount || inference.Words != file.Vocabulary.Count)
        {
            throw new InvalidDataException($"{TopicInference.FileName} in {directory} has {inference.Topics} topics of {inference.Words} words, model.json {file.TopicCount} of {file.Vocabulary.Count}; fit the topics again with `train topics`.");
        }

        return new TopicModel(directory, file, inference);
    }

    /// <summary>Whether model.json was written by this pipeline's fitting (its version prefix).</summary>
    public static bool IsCurrent(TopicModelFile file) => file.ModelVersion.StartsWith(TopicTrainer.ModelVersionPrefix + "+", StringComparison.Ordinal);

    /// <summary>Reads model.json alone (for the previous model of a refit); <c>null</c> when there is none.</summary>
    public static TopicModelFile? ReadMetadata(string directory)
    {
        var path = Path.Combine(directory, TopicFiles.MetadataFile);
        return System.IO.File.Exists(path) ? JsonSerializer.Deserialize<TopicModelFile>(System.IO.File.ReadAllText(path), TopicFiles.Json) : null;
    }

    public IReadOnlyList<TopicAssignment> Score(IReadOnlyList<string?> texts)
    {
        var scratch = _scratch.Value!;
        var results = new TopicAssignment[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            results[i] = Distribution(texts[i], scratch) ? ToAssignment(scratch.Theta) : TopicAssignment.None;
        }

        return results;
    }

    /// <summary>
    /// Each text's distribution (LDA index order) by ML.NET's own inference through model.zip, the transformer the
    /// topics were fitted as; empty for a text without a vocabulary word. The reference <see cref="Score"/> is compared with.
    /// </summary>
    public IReadOnlyList<float[]> ReferenceDistributions(IReadOnlyList<string?> texts, TopicText text)
    {
        var ml = new MLContext(seed: 1);
        ITransformer transformer;
        using (var stream = System.IO.File.OpenRead(Path.Combine(_directory, TopicFiles.ModelFile)))
        using (NativeStdout.Silence())
        {
            transformer = ml.Model.Load(stream, out _);
        }

        var vocabulary = File.Vocabulary.ToHashSet(StringComparer.Ordinal);
        var rows = text.Words(texts, Language).Select(w => new TermsRow { Terms = w.Where(vocabulary.Contains).ToArray() }).ToList();
        return LdaFit.Distributions(ml, transformer, rows);
    }

    private bool Distribution(string? text, Scratch scratch)
    {
        var distinct = 0;
        if (Language == Languages.Chinese)
        {
            // Chinese words are jieba's; the vocabulary holds no stop word and no single character, so a lookup is the filter.
            scratch.Chinese.Clear();
            ChineseWords.Segment(TopicText.Clean(text), scratch.Chinese);
            foreach (var word in scratch.Chinese)
            {
                Count(word, scratch, ref distinct);
            }
        }
        else
        {
            scratch.Tokenizer.Tokenize(text);
            var russian = Language == Languages.Russian;
            for (var t = 0; t < scratch.Tokenizer.Count; t++)
            {
                // A Russian word counts as its stem, as it was fitted.
                Count(russian ? RussianStems.Stem(scratch.Tokenizer[t]) : scratch.Tokenizer[t], scratch, ref distinct);
            }
        }

        for (var d = 0; d < distinct; d++)
        {
            scratch.WordCounts[d] = scratch.Counts[scratch.Words[d]];
            scratch.Counts[scratch.Words[d]] = 0;
        }

        return distinct > 0 && _inference.Infer(scratch.Words.AsSpan(0, distinct), scratch.WordCounts.AsSpan(0, distinct), scratch.Theta, scratch.Work);
    }

    private void Count(ReadOnlySpan<char> token, Scratch scratch, ref int distinct)
    {
        if (!_vocabulary.TryGetValue(token, out var word))
        {
            return;
        }

        if (scratch.Counts[word] == 0)
        {
            scratch.Words[distinct++] = word;
        }

        scratch.Counts[word]++;
    }

    private TopicAssignment ToAssignment(ReadOnlySpan<double> distribution)
    {
        var dominant = 0;
        for (var t = 1; t < distribution.Length; t++)
        {
            if (distribution[t] > distribution[dominant])
            {
                dominant = t;
            }
        }

        var byId = new SortedDictionary<int, double>();
        for (var t = 0; t < distribution.Length; t++)
        {
            byId[_idByIndex[t]] = Math.Round(distribution[t], 4);
        }

        return new TopicAssignment(_idByIndex[dominant], Math.Round(distribution[dominant], 4), byId);
    }

    /// <summary>One thread's buffers.</summary>
    private sealed class Scratch(int words, int topics)
    {
        public TopicTokenizer Tokenizer { get; } = new();

        public List<string> Chinese { get; } = [];

        public int[] Counts { get; } = new int[words];

        public int[] Words { get; } = new int[words];

        public int[] WordCounts { get; } = new int[words];

        public double[] Theta { get; } = new double[topics];

        public double[] Work { get; } = new double[2 * topics];
    }
}
