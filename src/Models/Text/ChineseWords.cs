using JiebaNet.Segmenter;

namespace Pipeline.Models.Text;

/// <summary>
/// Chinese word segmentation with jieba (jieba.NET: its prefix dictionary for known words, its HMM for the rest). The
/// dictionary files come with the package and are copied beside the application, next to this assembly (<see cref="Folder"/>); they are
/// read once, on the first Chinese text (about 0.5 s). Full-width forms are folded first (<see cref="FullWidth"/>).
/// Safe to call from several threads at once.
/// </summary>
public static class ChineseWords
{
    /// <summary>The folder beside the application that holds jieba's dict.txt, prob_emit.json and prob_trans.json.</summary>
    public const string Folder = "jieba";

    private static readonly Lazy<string> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ThreadLocal<JiebaSegmenter> Segmenters = new(() =>
    {
        _ = Configured.Value;
        return new JiebaSegmenter();
    });

    /// <summary>
    /// Appends the words of <paramref name="text"/> to <paramref name="words"/>: each a run jieba cuts that holds a letter or
    /// a digit (punctuation and white space are left out), Latin letters in lower case.
    /// </summary>
    public static void Segment(string text, List<string> words)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var folded = FullWidth.Fold(text);
        foreach (var word in Segmenters.Value!.Cut(folded, cutAll: false, hmm: true))
        {
            if (HasWordCharacter(word))
            {
                words.Add(HasUpper(word) ? word.ToLowerInvariant() : word);
            }
        }
    }

    /// <summary>
    /// The words of <paramref name="text"/> as it is written (not folded, so each span is the word's place in the text):
    /// the start and length of each run jieba cuts that holds a letter or a digit, into <paramref name="spans"/> (cleared first).
    /// </summary>
    public static void Spans(string text, List<(int Start, int Length)> spans)
    {
        spans.Clear();
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var token in Segmenters.Value!.Tokenize(text, TokenizerMode.Default, hmm: true))
        {
            if (HasWordCharacter(token.Word))
            {
                spans.Add((token.StartIndex, token.EndIndex - token.StartIndex));
            }
        }
    }

    /// <summary>The words of <paramref name="text"/> (<see cref="Segment(string, List{string})"/>) joined by single spaces.</summary>
    public static string Spaced(string text)
    {
        var words = new List<string>();
        Segment(text, words);
        return string.Join(' ', words);
    }

    private static bool HasWordCharacter(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasUpper(string word)
    {
        foreach (var c in word)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Configure()
    {
        // Beside this assembly or jieba's (the application's folder, or wherever a host such as a notebook kernel loaded
        // them from; a host that loads assemblies from bytes leaves their location empty), else the application's folder.
        var candidates = new[] { typeof(ChineseWords).Assembly.Location, typeof(JiebaSegmenter).Assembly.Location }
            .Where(l => l.Length > 0).Select(l => Path.Combine(Path.GetDirectoryName(l)!, Folder))
            .Append(Path.Combine(AppContext.BaseDirectory, Folder))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var folder = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "dict.txt"))) ?? candidates[0];
        foreach (var file in new[] { "dict.txt", "prob_emit.json", "prob_trans.json" })
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new FileNotFoundException(
                    $"jieba's {file} is missing from '{string.Join("', '", candidates)}': it is copied beside the application from the jieba.NET package at build; build the pipeline again.",
                    Path.Combine(folder, file));
            }
        }

        ConfigManager.ConfigFileBaseDir = folder;
        return folder;
    }
}
