using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The sentiment model of each language that has one (English, Russian, Chinese): a text is scored by its language's
/// model, and a text in any other language (or none) by the English one. Safe to call from several threads at once.
/// </summary>
public sealed class SentimentModels
{
    private readonly IReadOnlyDictionary<string, SentimentModel> _models;
    private readonly SentimentModel _english;

    public SentimentModels(IReadOnlyDictionary<string, SentimentModel> models)
    {
        _english = models.TryGetValue(Languages.English, out var english)
            ? english
            : throw new ArgumentException("There is no English sentiment model: it scores every language without a model of its own.", nameof(models));
        foreach (var (language, model) in models)
        {
            if (model.Language != language)
            {
                throw new ArgumentException($"The model given for '{language}' reads '{model.Language}'.", nameof(models));
            }
        }

        _models = models;
        Version = string.Join('/', SentimentOptions.ModelLanguages.Where(models.ContainsKey).Select(l => models[l].Version));
    }

    /// <summary>Only <paramref name="english"/>: every text is scored by it.</summary>
    public SentimentModels(SentimentModel english)
        : this(new Dictionary<string, SentimentModel> { [Languages.English] = english })
    {
    }

    /// <summary>The versions of the models, English's first, joined by "/": part of the score's version key.</summary>
    public string Version { get; }

    /// <summary>The model that scores texts of <paramref name="language"/>.</summary>
    public SentimentModel For(string language) => _models.TryGetValue(SentimentOptions.ModelLanguageOf(language), out var model) ? model : _english;

    /// <summary>Scores each text by the model of its language (<paramref name="languages"/>, one per text).</summary>
    public IReadOnlyList<SentimentResult> Score(IReadOnlyList<string?> texts, IReadOnlyList<string> languages)
    {
        var first = For(languages.Count > 0 ? languages[0] : Languages.English);
        var one = true;
        for (var i = 1; i < languages.Count && one; i++)
        {
            one = ReferenceEquals(For(languages[i]), first);
        }

        if (one)
        {
            return first.Score(texts);
        }

        // Mixed languages: each model scores its own texts (the others are passed as null, which costs nothing).
        var owners = new SentimentModel[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            owners[i] = For(languages[i]);
        }

        var results = new SentimentResult[texts.Count];
        foreach (var model in _models.Values)
        {
            var mine = new string?[texts.Count];
            var any = false;
            for (var i = 0; i < texts.Count; i++)
            {
                if (ReferenceEquals(owners[i], model))
                {
                    mine[i] = texts[i];
                    any = true;
                }
            }

            if (!any)
            {
                continue;
            }

            var scored = model.Score(mine);
            for (var i = 0; i < texts.Count; i++)
            {
                if (ReferenceEquals(owners[i], model))
                {
                    results[i] = scored[i];
                }
            }
        }

        return results;
    }
}
