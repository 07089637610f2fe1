using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Pipeline.Models.Text;

namespace Pipeline.Models.Topics;

/// <summary>
/// Where a text becomes the words a topic model sees. First the domain noise goes (CFPB's XXXX masks,
/// amounts, digits and so dates, anything that is not a letter); then the words are lower-cased (diacritics kept:
/// й stays й), ML.NET's English and Russian stop-word lists and the domain's own (a shipped word list: "told",
/// "called", month names…) are removed; last, words under three letters go. Computed directly
/// (<see cref="TopicTokenizer"/>); ML.NET's <c>NormalizeText</c> → <c>TokenizeIntoWords</c> →
/// <c>RemoveDefaultStopWords</c> pipeline is kept as the reference (<see cref="PrepareWithMlNet"/>).
/// </summary>
public sealed partial class TopicText
{
    /// <summary>Changes whenever the preparation changes, so models fitted on other words are not mixed up.</summary>
    public const string Version = "text-v1";

    private const int MinimumLetters = 3;

    private readonly MLContext _ml = new(seed: 1);

    /// <summary>ML.NET's pipeline, built only when the reference is asked for (<see cref="PrepareWithMlNet"/>), not on every start.</summary>
    private readonly Lazy<ITransformer> _prepare;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopWords;

    private readonly HashSet<string> _chineseStopWords;

    /// <param name="chineseStopWords">The Chinese model's stop words (<see cref="TopicOptions.ChineseStopWordsFile"/>); none when absent.</param>
    public TopicText(IReadOnlyCollection<string> domainStopWords, IReadOnlyCollection<string>? chineseStopWords = null)
    {
        DomainStopWords = domainStopWords;
        _chineseStopWords = new HashSet<string>(chineseStopWords ?? [], StringComparer.Ordinal);
        _prepare = new Lazy<ITransformer>(() => _ml.Transforms.Text.NormalizeText("Normalized", nameof(TextRow.Text),
                TextNormalizingEstimator.CaseMode.Lower, keepDiacritics: true, keepPunctuations: false, keepNumbers: false)
            .Append(_ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(_ml.Transforms.Text.RemoveDefaultStopWords("Words", "Tokens", StopWordsRemovingEstimator.Language.English))
            .Append(_ml.Transforms.Text.RemoveDefaultStopWords("Words", "Words", StopWordsRemovingEstimator.Language.Russian))
            .Append(_ml.Transforms.Text.RemoveStopWords("Words", "Words", domainStopWords.ToArray()))
            .Fit(_ml.Data.LoadFromEnumerable(Array.Empty<TextRow>())));
        var stopWords = new HashSet<string>(MlNetStopWords("English").Concat(MlNetStopWords("Russian")).Concat(domainStopWords), StringComparer.Ordinal);
        _stopWords = stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyCollection<string> DomainStopWords { get; }

    /// <summary>Reads the stop-word files: one word per line, '#' starts a comment.</summary>
    /// <param name="chineseStopWordsFile">The Chinese stop words; <c>null</c>: none (English and Russian only).</param>
    public static TopicText Load(string stopWordsFile, string? chineseStopWordsFile = null) =>
        new(ReadWords(stopWordsFile, "Topics:StopWordsFile"), chineseStopWordsFile is null ? null : ReadWords(chineseStopWordsFile, "Topics:ChineseStopWordsFile"));

    private static string[] ReadWords(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The topic stop-word file '{path}' does not exist ({setting}).", path);
        }

        return File.ReadLines(path)
            .Select(line => line.Split('#', 2)[0].Trim().ToLowerInvariant())
            .Where(word => word.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The words of each text, in order, for topic modelling; an empty array for an empty text.</summary>
    public IReadOnlyList<string[]> Words(IReadOnlyList<string?> texts, string language = Core.Languages.English) => Prepare(texts, language).Select(p => p.Words).ToList();

    /// <summary>
    /// The words of each text of <paramref name="language"/>: English as <see cref="Prepare(IReadOnlyList{string})"/>;
    /// Russian the same words (stop words left out as written) as their Snowball stems (<see cref="RussianStems"/>);
    /// Chinese jieba's words (<see cref="ChineseWords"/>) of two characters or more, without the Chinese stop words (and
    /// Latin words as English ones are kept).
    /// </summary>
    public IReadOnlyList<PreparedWords> Prepare(IReadOnlyList<string?> texts, string language)
    {
        if (language == Core.Languages.Russian)
        {
            return Prepare(texts).Select(p => p with { Words = Array.ConvertAll(p.Words, w => RussianStems.Stem(w)) }).ToList();
        }

        if (language != Core.Languages.Chinese)
        {
            return Prepare(texts);
        }

        var result = new List<PreparedWords>(texts.Count);
        var cut = new List<string>();
        var kept = new List<string>();
        var positions = new List<int>();
        foreach (var text in texts)
        {
            cut.Clear();
            kept.Clear();
            positions.Clear();
            ChineseWords.Segment(Clean(text), cut);
            for (var t = 0; t < cut.Count; t++)
            {
                var word = cut[t];
                var chinese = word[0] >= '\u2E80';
                if ((chinese ? word.Length >= 2 && !_chineseStopWords.Contains(word) : word.Length >= MinimumLetters && !_stopWords.Contains(word)))
                {
                    kept.Add(word);
                    positions.Add(t);
                }
            }

            result.Add(Adjacent(kept, positions));
        }

        return result;
    }

    /// <summary>
    /// The words of each text, and for each word whether the next one followed it directly in the text (no stop
    /// word between), so labels are built only from phrases that were really written. Computed directly
    /// (<see cref="TopicTokenizer"/>, ML.NET's own English and Russian stop-word lists and the domain's); the same
    /// words as the ML.NET pipeline of <see cref="PrepareWithMlNet"/>, which the tests hold it to.
    /// </summary>
    public IReadOnlyList<PreparedWords> Prepare(IReadOnlyList<string?> texts)
    {
        var tokenizer = new TopicTokenizer();
        var result = new List<PreparedWords>(texts.Count);
        var kept = new List<string>();
        var positions = new List<int>();
        foreach (var text in texts)
        {
            tokenizer.Tokenize(text);
            kept.Clear();
            positions.Clear();
            for (var t = 0; t < tokenizer.Count; t++)
            {
                var token = tokenizer[t];
                if (token.Length >= MinimumLetters && !_stopWords.Contains(token))
                {
                    kept.Add(token.ToString());
                    positions.Add(t);
                }
            }

            result.Add(Adjacent(kept, positions));
        }

        return result;
    }

    /// <summary><see cref="Prepare"/> through ML.NET's text transforms: the reference the direct path is tested against.</summary>
    public IReadOnlyList<PreparedWords> PrepareWithMlNet(IReadOnlyList<string?> texts)
    {
        var rows = texts.Select(t => new TextRow { Text = Clean(t) }).ToList();
        var prepared = _prepare.Value.Transform(_ml.Data.LoadFromEnumerable(rows));
        return _ml.Data.CreateEnumerable<WordsRow>(prepared, reuseRowObject: false)
            .Select(r => Adjacency(r.Tokens ?? [], r.Words ?? []))
            .ToList();
    }

    /// <summary>ML.NET's default stop-word list of a language, read from its assembly (what <c>RemoveDefaultStopWords</c> removes).</summary>
    private static IEnumerable<string> MlNetStopWords(string language)
    {
        var assembly = typeof(StopWordsRemovingEstimator).Assembly;
        var name = $"Microsoft.ML.Transforms.Text.StopWords.{language}.txt";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"ML.NET's assembly holds no stop-word list {name}.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0)
            {
                words.Add(word.ToLowerInvariant());
            }
        }

        return words;
    }

    private static PreparedWords Adjacency(string[] tokens, string[] words)
    {
        // Words is Tokens with stop words taken out: walk both to find where each word stood, dropping words
        // under three letters only now, so that "bank of america" does not become the phrase "bank america".
        var kept = new List<string>(words.Length);
        var positions = new List<int>(words.Length);
        var t = 0;
        foreach (var word in words)
        {
            while (t < tokens.Length && !string.Equals(tokens[t], word, StringComparison.Ordinal))
            {
                t++;
            }

            if (word.Length >= MinimumLetters)
            {
                kept.Add(word);
                positions.Add(t);
            }

            t++;
        }

        return Adjacent(kept, positions);
    }

    /// <summary>The kept words, each marked as followed directly by the next when their places in the text (<paramref name="positions"/>) are adjacent.</summary>
    private static PreparedWords Adjacent(List<string> kept, List<int> positions)
    {
        var direct = new bool[kept.Count];
        for (var w = 0; w + 1 < kept.Count; w++)
        {
            direct[w] = positions[w + 1] == positions[w] + 1;
        }

        return new PreparedWords([.. kept], direct);
    }

    /// <summary>Masks, amounts, numbers and punctuation become spaces (dates go with the numbers and the month names).</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var masked = Masks().Replace(text, " ");
        var result = new StringBuilder(masked.Length);
        foreach (var c in masked)
        {
            result.Append(char.IsLetter(c) ? c : ' ');
        }

        return result.ToString();
    }

    /// <summary>Where the masks and amounts of <see cref="Clean"/> stand in a text (no allocation).</summary>
    internal static Regex.ValueMatchEnumerator MaskMatches(string text) => Masks().EnumerateMatches(text);

    /// <summary>CFPB's redaction masks (XXXX, XX/XX/XXXX), amounts ({$1,200.00}, $45) and the redactor's own tokens ([email]).</summary>
    [GeneratedRegex(@"\b[Xx]{2,}\b|\{\$[^}]*\}|\$\s?\d[\d,.]*|\[[A-Z]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Masks();

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }

    private sealed class WordsRow
    {
        [VectorType]
        public string[]? Tokens { get; set; }

        [VectorType]
        public string[]? Words { get; set; }
    }
}

/// <summary>A text's words for topic modelling; <see cref="FollowedDirectly"/>[i]: word i+1 came right after word i in the text.</summary>
public sealed record PreparedWords(string[] Words, bool[] FollowedDirectly);
