using Pipeline.Core;

namespace Pipeline.Models.Topics;

/// <summary>
/// The topic model of each language that has one: English always; Russian and Chinese once they had enough documents
/// to be fitted (<see cref="TopicOptions.MinLanguageDocuments"/>). A text gets its topic from its language's model;
/// a text in a language without one (and in any other language) gets no topic. Safe to call from several threads at once.
/// </summary>
public sealed class TopicModels
{
    private readonly IReadOnlyDictionary<string, TopicModel> _models;

    public TopicModels(IReadOnlyDictionary<string, TopicModel> models)
    {
        if (!models.TryGetValue(Languages.English, out var english))
        {
            throw new ArgumentException("There is no English topic model.", nameof(models));
        }

        foreach (var (language, model) in models)
        {
            if (model.Language != language)
            {
                throw new ArgumentException($"The topic model given for '{language}' was fitted on '{model.Language}' texts.", nameof(models));
            }
        }

        _models = models;
        // English's version alone while it is the only model, so adding languages is what changes the key.
        Version = string.Concat(english.Version, string.Concat(TopicOptions.ModelLanguages
            .Where(l => l != Languages.English && models.ContainsKey(l)).Select(l => $"/{l}:{models[l].Version}")));
    }

    /// <summary>Only <paramref name="english"/>: texts in other languages get no topic.</summary>
    public TopicModels(TopicModel english)
        : this(new Dictionary<string, TopicModel> { [Languages.English] = english })
    {
    }

    /// <summary>The models' versions: part of the score's version key.</summary>
    public string Version { get; }

    /// <summary>The model that reads texts of <paramref name="language"/>, or <c>null</c> when none does (they get no topic).</summary>
    public TopicModel? For(string language) => _models.GetValueOrDefault(language);

    /// <summary>Each text's topics by its language's model (<paramref name="languages"/>, one per text); none where its language has no model.</summary>
    public IReadOnlyList<TopicAssignment> Score(IReadOnlyList<string?> texts, IReadOnlyList<string> languages)
    {
        var results = new TopicAssignment[texts.Count];
        Array.Fill(results, TopicAssignment.None);
        foreach (var (language, model) in _models)
        {
            string?[]? mine = null;
            for (var i = 0; i < texts.Count; i++)
            {
                if (languages[i] == language && texts[i] is not null)
                {
                    (mine ??= new string?[texts.Count])[i] = texts[i];
                }
            }

            if (mine is null)
            {
                continue;
            }

            var scored = model.Score(mine);
            for (var i = 0; i < texts.Count; i++)
            {
                if (mine[i] is not null)
                {
                    results[i] = scored[i];
                }
            }
        }

        return results;
    }
}
