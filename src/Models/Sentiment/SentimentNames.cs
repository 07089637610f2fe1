using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// Names and fixed terms whose words are feelings to the VADER lexicon but not in customer messages: laws, agencies,
/// products and account types ("Fair Credit Reporting Act", "credit card", "interest rate", "Social Security"), read
/// from <c>data/lexicons/sentiment-names.en.txt</c>. <see cref="Mask"/> writes each as one word nobody's lexicon
/// knows ("creditcard"), so the lexicon features do not call a dispute about a credit report praise; the model
/// sees the same masked text in training and in scoring.
/// </summary>
public sealed class SentimentNames
{
    private readonly Regex? _pattern;

    /// <summary>The same expression anchored where a search starts (<c>\G</c>): whether a name starts at one position (when <see cref="_phrases"/> cannot say).</summary>
    private readonly Regex? _anchored;

    /// <summary>The first words of the names (what every match starts with), found in a text with one vectorised search.</summary>
    private readonly SearchValues<string>? _firstWords;

    /// <summary>
    /// The names as words, by the lower-case ASCII character they start with, each list in the expression's order of
    /// alternatives: what the anchored expression matches in an ASCII text, without it (<see cref="NamePhrase"/>).
    /// <c>null</c> when a name has a character outside ASCII, whose case the expression folds in ways ASCII does not.
    /// </summary>
    private readonly NamePhrase[][]? _phrases;

    private SentimentNames(Regex? pattern, Regex? anchored, SearchValues<string>? firstWords, NamePhrase[][]? phrases)
    {
        _pattern = pattern;
        _anchored = anchored;
        _firstWords = firstWords;
        _phrases = phrases;
    }

    /// <summary>No names: texts are left as they are.</summary>
    public static SentimentNames None { get; } = new(null, null, null, null);

    /// <summary>One phrase per line, case-insensitive; a trailing <c>*</c> matches any ending of the last word; <c>#</c> starts a comment.</summary>
    public static SentimentNames Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The sentiment names file '{Path.GetFullPath(path)}' does not exist (Sentiment:NamesFile).", path);
        }

        var phrases = new List<(string Pattern, string[] Words)>();
        var firstWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Any(w => w.TrimEnd('*').Length == 0 || w.TrimEnd('*').Any(c => !char.IsLetterOrDigit(c) && c is not '\'' and not '-')) || words[..^1].Any(w => w.EndsWith('*')))
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: '{line}' is not a phrase of words (letters, digits, ' and -; * only at the end).");
            }

            firstWords.Add(words[0].TrimEnd('*'));
            phrases.Add((string.Join(@"\s+", words.Select(w => w.EndsWith('*') ? Regex.Escape(w[..^1]) + @"\w*" : Regex.Escape(w))), words));
        }

        if (phrases.Count == 0)
        {
            return None;
        }

        // Longest first, so "fair credit reporting act" wins over "credit report*".
        var ordered = phrases.DistinctBy(p => p.Pattern, StringComparer.Ordinal)
            .OrderByDescending(p => p.Pattern.Length).ThenBy(p => p.Pattern, StringComparer.Ordinal).ToList();
        var alternation = string.Join('|', ordered.Select(p => p.Pattern));

        // Not compiled: the expressions read only texts outside ASCII (and the names' own tests), and compiling them cost
        // each scoring process 0.3 s of a core before its first batch (BENCHMARKS.md).
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        var ascii = ordered.All(p => System.Text.Ascii.IsValid(string.Concat(p.Words)));
        return new SentimentNames(
            new Regex(@"\b(?:" + alternation + @")\b", options),
            ascii ? null : new Regex(@"\G\b(?:" + alternation + @")\b", options),
            SearchValues.Create([.. firstWords], StringComparison.OrdinalIgnoreCase),
            ascii ? NamePhrase.ByFirstCharacter(ordered.Select(p => p.Words)) : null);
    }

    /// <summary>The text with each name written as one lower-case word of its letters and digits.</summary>
    public string Mask(string text)
    {
        var buffer = Array.Empty<char>();
        var length = Mask(text.AsSpan(), ref buffer);
        return length < 0 ? text : new string(buffer, 0, length);
    }

    /// <summary>
    /// <see cref="Mask(string)"/> by the regular expression alone (each name one alternative, longest first, between word
    /// boundaries): the reference the word-by-word matching of ASCII texts is checked against in the tests.
    /// </summary>
    public string MaskByExpression(string text) => _pattern is null ? text : _pattern.Replace(text, Joined);

    /// <summary>
    /// <see cref="Mask(string)"/> of a span, written into <paramref name="buffer"/> (grown as needed) when a name occurs:
    /// the masked text is <paramref name="text"/> itself when the result is -1, else the buffer's first (result) chars.
    /// </summary>
    public int Mask(ReadOnlySpan<char> text, ref char[] buffer)
    {
        if (_pattern is null || !MayHoldName(text))
        {
            return -1;
        }

        var written = -1;
        var copied = 0;
        if (!System.Text.Ascii.IsValid(text))
        {
            foreach (var match in _pattern.EnumerateMatches(text))
            {
                Append(text, match.Index, match.Length, ref buffer, ref written, ref copied);
            }
        }
        else
        {
            // A name starts where one of the first words does: the expression is tried only there (anchored), in text
            // order, which finds the same leftmost matches as scanning the whole text with it.
            var at = 0;
            while (at < text.Length && text[at..].IndexOfAny(_firstWords!) is var found and >= 0)
            {
                var start = at + found;
                var length = LengthAt(text, start);

                if (length <= 0)
                {
                    at = start + 1;
                    continue;
                }

                Append(text, start, length, ref buffer, ref written, ref copied);
                at = start + length;
            }
        }

        if (written < 0)
        {
            return -1;
        }

        text[copied..].CopyTo(buffer.AsSpan(written));
        return written + text.Length - copied;
    }

    /// <summary>The length of the name that starts at <paramref name="start"/> of an ASCII text (the first in the expression's order), or -1.</summary>
    private int LengthAt(ReadOnlySpan<char> text, int start)
    {
        if (_phrases is null)
        {
            foreach (var match in _anchored!.EnumerateMatches(text, start))
            {
                return match.Length;
            }

            return -1;
        }

        if (NamePhrase.IsWordCharacter(text, start - 1) == NamePhrase.IsWordCharacter(text, start))
        {
            // No word boundary before it (\b).
            return -1;
        }

        // The text is ASCII, so its character is one of the lists' 128.
        foreach (var phrase in _phrases[text[start] | 0x20])
        {
            if (phrase.LengthAt(text, start) is var length and > 0)
            {
                return length;
            }
        }

        return -1;
    }

    /// <summary>Copies the text before a name, then the name as one lower-case word, into the buffer (made at the first name).</summary>
    private static void Append(ReadOnlySpan<char> text, int index, int length, ref char[] buffer, ref int written, ref int copied)
    {
        if (written < 0)
        {
            written = 0;
            if (buffer.Length < text.Length)
            {
                buffer = new char[Math.Max(text.Length, 2 * buffer.Length)];
            }
        }

        // The masked text is never longer than the text: a name keeps only its letters and digits.
        text[copied..index].CopyTo(buffer.AsSpan(written));
        written += index - copied;
        foreach (var c in text.Slice(index, length))
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[written++] = char.ToLowerInvariant(c);
            }
        }

        copied = index + length;
    }

    /// <summary>
    /// Whether the regular expression could match: every name starts with one of the first words, so an ASCII text
    /// holding none of them (ignoring ASCII case) holds no name. A text with other characters is always searched, since
    /// the expression's case-insensitive matching knows more equivalences than ASCII's (the Kelvin sign is a "k").
    /// </summary>
    private bool MayHoldName(ReadOnlySpan<char> text) => !System.Text.Ascii.IsValid(text) || text.ContainsAny(_firstWords!);

    private static string Joined(Match match)
    {
        var joined = new StringBuilder(match.Length);
        foreach (var c in match.ValueSpan)
        {
            if (char.IsLetterOrDigit(c))
            {
                joined.Append(char.ToLowerInvariant(c));
            }
        }

        return joined.ToString();
    }
}
