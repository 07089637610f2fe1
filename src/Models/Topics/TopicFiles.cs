using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Models.Topics;

/// <summary>One term of a topic and its probability in the topic, p(term | topic).</summary>
public sealed record TopicTerm(string Term, double Weight);

/// <summary>A document that stands for a topic: its interaction id, its share of the topic and the start of its (redacted) text.</summary>
public sealed record TopicDocument(string Id, double Weight, string Excerpt);

/// <summary>
/// One entry of topics.json: the stable id, the label (an analyst's override, else the automatic one), the top
/// terms ranked by relevance with their probabilities, how many training documents it dominates, its C_v
/// coherence, whether the refit found it new, and representative documents.
/// </summary>
public sealed record TopicSummary(
    int Id,
    string Label,
    IReadOnlyList<TopicTerm> Terms,
    int Size,
    double Coherence,
    string AutoLabel,
    bool New,
    IReadOnlyList<TopicDocument> Documents);

/// <summary>model.json: everything besides the ML.NET transformer that scoring and the next refit need.</summary>
public sealed record TopicModelFile(
    string ModelVersion,
    string TextVersion,
    int TopicCount,
    double Coherence,
    int TrainingDocuments,
    IReadOnlyList<string> Vocabulary,
    IReadOnlyList<StoredTopic> Topics,
    int NextId,
    IReadOnlyList<int> RetiredIds,
    IReadOnlyList<CandidateFit> Candidates)
{
    /// <summary>The language of the texts it reads ("en", "ru", "zh"); absent: English (a model of an earlier pipeline).</summary>
    public string? Language { get; init; }
}

/// <summary>A topic as the model keeps it: stable id, the LDA's own index, the automatic label and its 50 most probable terms (for alignment).</summary>
public sealed record StoredTopic(int Id, int Index, string AutoLabel, IReadOnlyList<TopicTerm> Distribution);

/// <summary>One fit tried while choosing the number of topics and the restart.</summary>
public sealed record CandidateFit(int Topics, int Restart, double Coherence);

public static class TopicFiles
{
    public const string ModelFile = "model.zip";
    public const string MetadataFile = "model.json";
    public const string TopicsFile = "topics.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The topics a topics.json lists (as training wrote it).</summary>
    /// <exception cref="InvalidDataException">The file is not a JSON list of topics.</exception>
    public static IReadOnlyList<TopicSummary> LoadTopics(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<List<TopicSummary>>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: the topics file holds null instead of the list of topics training writes; train the topics again (`train topics`).");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not the list of topics training writes ({ex.Message}); train the topics again (`train topics`).", ex);
        }
    }

    /// <summary>Analysts' label overrides: <c>{"7": "credit report errors"}</c>. A missing file means none.</summary>
    public static IReadOnlyDictionary<int, string> LoadLabels(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<int, string>();
        }

        Dictionary<string, string>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: the topic labels file must be a JSON object of topic id to label, like {{\"7\": \"credit report errors\"}} ({ex.Message})", ex);
        }

        var labels = new Dictionary<int, string>();
        foreach (var (key, value) in raw ?? [])
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{path}: '{key}' is not a topic id (a whole number)");
            }

            if (!string.IsNullOrWhiteSpace(value))
            {
                labels[id] = value.Trim();
            }
        }

        return labels;
    }
}
