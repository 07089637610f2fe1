using System.Text.Json;
using Microsoft.ML;

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
/// Scores texts with a fitted topic model: all texts of a batch go through one <c>Transform</c> over an
/// IDataView (no per-row engine), their words prepared exactly as for fitting and kept to the model's vocabulary.
/// </summary>
public sealed class TopicModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly TopicText _text;
    private readonly IReadOnlySet<string> _vocabulary;
    private readonly int[] _idByIndex;

    private TopicModel(MLContext ml, ITransformer transformer, TopicText text, TopicModelFile file)
    {
        _ml = ml;
        _transformer = transformer;
        _text = text;
        File = file;
        _vocabulary = file.Vocabulary.ToHashSet(StringComparer.Ordinal);
        _idByIndex = new int[file.TopicCount];
        foreach (var topic in file.Topics)
        {
            _idByIndex[topic.Index] = topic.Id;
        }
    }

    public TopicModelFile File { get; }

    public string Version => File.ModelVersion;

    public static TopicModel Load(string directory, TopicText text)
    {
        var metadataPath = Path.Combine(directory, TopicFiles.MetadataFile);
        var file = JsonSerializer.Deserialize<TopicModelFile>(System.IO.File.ReadAllText(metadataPath), TopicFiles.Json)
            ?? throw new InvalidDataException($"{metadataPath} is empty; fit the topics again with `train topics`.");
        if (!string.Equals(file.TextVersion, TopicText.Version, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The topic model in {directory} prepared its text as {file.TextVersion}, this build as {TopicText.Version}; fit it again with `train topics`.");
        }

        var ml = new MLContext(seed: 1);
        using var stream = System.IO.File.OpenRead(Path.Combine(directory, TopicFiles.ModelFile));
        using (NativeStdout.Silence())
        {
            return new TopicModel(ml, ml.Model.Load(stream, out _), text, file);
        }
    }

    /// <summary>Reads model.json alone (for the previous model of a refit); <c>null</c> when there is none.</summary>
    public static TopicModelFile? ReadMetadata(string directory)
    {
        var path = Path.Combine(directory, TopicFiles.MetadataFile);
        return System.IO.File.Exists(path) ? JsonSerializer.Deserialize<TopicModelFile>(System.IO.File.ReadAllText(path), TopicFiles.Json) : null;
    }

    public IReadOnlyList<TopicAssignment> Score(IReadOnlyList<string?> texts)
    {
        var words = _text.Words(texts);
        var rows = words.Select(w => new TermsRow { Terms = w.Where(_vocabulary.Contains).ToArray() }).ToList();
        var distributions = LdaFit.Distributions(_ml, _transformer, rows);
        return distributions.Select(ToAssignment).ToList();
    }

    private TopicAssignment ToAssignment(float[] distribution)
    {
        var dominant = TopicTrainer.Dominant(distribution);
        if (dominant < 0)
        {
            return TopicAssignment.None;
        }

        var byId = new SortedDictionary<int, double>();
        for (var t = 0; t < distribution.Length; t++)
        {
            byId[_idByIndex[t]] = Math.Round(distribution[t], 4);
        }

        return new TopicAssignment(_idByIndex[dominant], Math.Round(distribution[dominant], 4), byId);
    }
}
