using System.Text.Json;

namespace Pipeline.Models.Anger;

/// <summary>
/// One language's anger lexicon, loaded from <c>anger.&lt;language&gt;.json</c>: weighted terms in
/// categories (anger, profanity, legal, regulator, churn, social, repeat), negations and intensifiers.
/// A pattern is one or more words; a word ending in <c>*</c> matches any ending (stems cover inflection),
/// and a lone <c>*</c> matches any one word.
/// </summary>
public sealed class AngerLexicon
{
    public static readonly IReadOnlySet<string> Categories =
        new HashSet<string>(["anger", "profanity", "legal", "regulator", "churn", "social", "repeat", Ignore], StringComparer.Ordinal);

    /// <summary>
    /// The category of idioms that only look angry ("hate to say", "fucking amazing"): as the longest match
    /// they take the words from shorter terms, and add nothing (weight 0).
    /// </summary>
    public const string Ignore = "ignore";

    private AngerLexicon(string language, IReadOnlyList<AngerTerm> terms, IReadOnlySet<string> negations, IReadOnlyDictionary<string, double> intensifiers)
    {
        Language = language;
        Terms = terms;
        Negations = negations;
        Intensifiers = intensifiers;
    }

    public string Language { get; }

    public IReadOnlyList<AngerTerm> Terms { get; }

    public IReadOnlySet<string> Negations { get; }

    public IReadOnlyDictionary<string, double> Intensifiers { get; }

    /// <summary>The file name of a language's learned terms (<c>train anger</c>), beside its curated <c>anger.&lt;language&gt;.json</c>.</summary>
    public static string LearnedFileName(string language) => $"anger.{language}.learned.json";

    /// <summary>
    /// Every <c>anger.*.json</c> in the folder, by language: a language's curated file and its learned terms
    /// (<c>anger.&lt;language&gt;.learned.json</c>) are one lexicon. With <paramref name="learnedDirectory"/> (a
    /// <c>train anger</c> model folder), its learned files take the place of the folder's own.
    /// </summary>
    public static IReadOnlyDictionary<string, AngerLexicon> LoadDirectory(string directory, string? learnedDirectory = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"Anger lexicon folder '{Path.GetFullPath(directory)}' does not exist (Anger:LexiconDirectory).");
        }

        var files = Directory.GetFiles(directory, "anger.*.json").Order(StringComparer.Ordinal).ToList();
        if (learnedDirectory is not null)
        {
            var learned = Directory.Exists(learnedDirectory)
                ? Directory.GetFiles(learnedDirectory, "anger.*.learned.json").Order(StringComparer.Ordinal).ToList()
                : throw new InvalidDataException($"Anger model folder '{Path.GetFullPath(learnedDirectory)}' does not exist.");
            var replaced = learned.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            files = files.Where(f => !replaced.Contains(Path.GetFileName(f))).Concat(learned).ToList();
        }

        var lexicons = files.Select(Load).GroupBy(l => l.Language, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Merge(g.ToList()), StringComparer.Ordinal);
        return lexicons.Count > 0 ? lexicons : throw new InvalidDataException($"No anger.<language>.json lexicon in '{Path.GetFullPath(directory)}'.");
    }

    /// <summary>One language's files as one lexicon: all terms, negations and intensifiers.</summary>
    public static AngerLexicon Merge(IReadOnlyList<AngerLexicon> parts) => parts.Count == 1
        ? parts[0]
        : new AngerLexicon(
            parts[0].Language,
            parts.SelectMany(p => p.Terms).ToList(),
            parts.SelectMany(p => p.Negations).ToHashSet(StringComparer.Ordinal),
            parts.SelectMany(p => p.Intensifiers).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(p => p.Value), StringComparer.Ordinal));

    public static AngerLexicon Load(string path)
    {
        LexiconFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<LexiconFile>(stream, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Anger lexicon {path} is not valid JSON: {ex.Message}", ex);
        }

        return From(file ?? throw new InvalidDataException($"Anger lexicon {path} is empty."), path);
    }

    public static AngerLexicon Parse(string json, string source = "lexicon") =>
        From(JsonSerializer.Deserialize<LexiconFile>(json, JsonOptions) ?? throw new InvalidDataException($"{source} is empty."), source);

    private static AngerLexicon From(LexiconFile file, string source)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(file.Language))
        {
            errors.Add("\"language\" is missing");
        }

        var terms = new List<AngerTerm>();
        foreach (var (term, index) in (file.Terms ?? []).Select((t, i) => (t, i)))
        {
            if (string.IsNullOrWhiteSpace(term.Pattern))
            {
                errors.Add($"terms[{index}]: \"pattern\" is empty");
                continue;
            }

            if (term.Category is null || !Categories.Contains(term.Category))
            {
                errors.Add($"terms[{index}] '{term.Pattern}': category '{term.Category}' is not one of {string.Join(", ", Categories)}");
            }

            if (term.Category == Ignore ? term.Weight != 0 : term.Weight is <= 0 or > 10)
            {
                errors.Add($"terms[{index}] '{term.Pattern}': weight {term.Weight} is outside (0, 10] (and must be 0 for category ignore)");
            }

            var words = term.Pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TextTokens.Normalize).ToArray();
            if (words[0] == "*" || words.Any(w => w.EndsWith('*') && w.Length < 3 && w != "*"))
            {
                errors.Add($"terms[{index}] '{term.Pattern}': a pattern must start with a word, and a stem needs at least two letters before '*'");
                continue;
            }

            terms.Add(new AngerTerm(term.Pattern, words, term.Weight, term.Category ?? string.Empty, term.Source ?? Curated));
        }

        if (terms.Count == 0 && errors.Count == 0 && !source.EndsWith(".learned.json", StringComparison.Ordinal))
        {
            errors.Add("\"terms\" is empty");
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"Anger lexicon {source}: {string.Join("; ", errors)}");
        }

        return new AngerLexicon(
            file.Language!,
            terms,
            new HashSet<string>((file.Negations ?? []).Select(TextTokens.Normalize), StringComparer.Ordinal),
            (file.Intensifiers ?? []).ToDictionary(p => TextTokens.Normalize(p.Key), p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// The words of a Chinese term as a text's words are keyed: each of its space-separated parts cut into jieba's words
    /// ("气死我了" is the phrase 气死 我 了, as jieba cuts it in a text), a final "*" kept on the last. Done when the lexicon is
    /// first used for a Chinese text (<see cref="AngerEngine"/>), not when it is loaded: loading jieba's dictionary takes
    /// half a second, which a run without Chinese texts should not pay.
    /// </summary>
    internal static AngerTerm CutChinese(AngerTerm term)
    {
        var words = new List<string>();
        foreach (var part in term.Words)
        {
            var stem = part.EndsWith('*');
            var cut = TextTokens.Tokenize(stem ? part[..^1] : part, Core.Languages.Chinese).Select(t => t.Key).ToList();
            if (cut.Count == 0)
            {
                words.Add(part);
                continue;
            }

            if (stem)
            {
                cut[^1] += "*";
            }

            words.AddRange(cut);
        }

        return term with { Words = words };
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record LexiconFile(string? Language, List<TermEntry>? Terms, List<string>? Negations, Dictionary<string, double>? Intensifiers);

    private sealed record TermEntry(string Pattern, double Weight, string? Category, string? Source);

    /// <summary>The source of a term written by hand.</summary>
    public const string Curated = "curated";
}

/// <summary>A lexicon term: its words (normalised; "stem*" or "*"), weight, category and where it came from ("curated", or the data it was learned from).</summary>
public sealed record AngerTerm(string Pattern, IReadOnlyList<string> Words, double Weight, string Category, string Source = AngerLexicon.Curated);
