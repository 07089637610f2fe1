using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using Lingua;
using Pipeline.Core;

namespace Pipeline.Ingest;

/// <summary>
/// The language of a text: English, Russian, Chinese, "other" or "und" (no letters). The script of its letters decides
/// first: Han without kana is Chinese; kana, Hangul, Greek, Arabic and the other scripts are other languages. A Latin
/// text is English unless it shows the words of another Latin-script language (a tenth of its first 200 words are their
/// function words and fewer are English ones); a Cyrillic text is Russian unless it has letters Russian lacks or the
/// function words of Bulgarian, Serbian or Macedonian. Those texts are asked of Lingua (SearchPioneer.Lingua,
/// low-accuracy mode, trigram models) among English or Russian and the other languages of the script, and are "other"
/// when Lingua clearly names another one.
/// </summary>
/// <remarks>
/// Lingua costs about a millisecond a text and a third of a second to load its models; the script and the function
/// words cost two microseconds, so Lingua runs only on the few texts that need it. On the DEV sets the detector is right
/// for 99.5-100 % of English, Russian and Chinese texts, Lingua alone for 78-100 % (BENCHMARKS.md, "Language
/// detection"). Lingua's detectors are thread-safe, built once, and load their models on first use.
/// </remarks>
public static class TextLanguage
{
    /// <summary>The letters counted for the script: enough to know it, whatever the text's length.</summary>
    private const int MaxScan = 1000;

    /// <summary>After this many words a tenth of them in the function words settles it.</summary>
    private const int EarlyWords = 20;

    private const int MaxWords = 200;

    /// <summary>What Lingua reads of a text: its start says the language, and Lingua's cost follows the length.</summary>
    private const int MaxLinguaChars = 160;

    /// <summary>Lingua's minimum relative distance between its best guess and the next (chosen on the DEV sets, BENCHMARKS.md).</summary>
    private const double MinimumDistance = 0.1;

    /// <summary>Fewer words than this are too few to show another language: the script's own language it is.</summary>
    private const int MinWords = 5;

    private static readonly Lazy<LanguageDetector> Latin = new(() => Build(
        [Lingua.Language.English, Lingua.Language.German, Lingua.Language.French, Lingua.Language.Spanish, Lingua.Language.Italian,
         Lingua.Language.Portuguese, Lingua.Language.Dutch, Lingua.Language.Polish, Lingua.Language.Turkish, Lingua.Language.Vietnamese,
         Lingua.Language.Indonesian, Lingua.Language.Romanian, Lingua.Language.Czech, Lingua.Language.Swedish, Lingua.Language.Tagalog]));

    private static readonly Lazy<LanguageDetector> Cyrillic = new(() => Build(
        [Lingua.Language.Russian, Lingua.Language.Ukrainian, Lingua.Language.Belarusian, Lingua.Language.Bulgarian,
         Lingua.Language.Serbian, Lingua.Language.Macedonian, Lingua.Language.Kazakh, Lingua.Language.Mongolian]));

    /// <summary>Function words of English that the other Latin-script languages do not also use often.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishWords = FrozenSet.Create(StringComparer.Ordinal,
        "the", "and", "to", "of", "for", "with", "from", "by", "that", "this", "my", "your", "their", "they", "them", "we", "our",
        "you", "he", "she", "his", "her", "have", "has", "had", "were", "been", "are", "not", "did", "does", "would", "could",
        "should", "which", "what", "there", "because", "about", "after", "when", "it", "its", "i", "was", "any")
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Function words of the Latin-script languages customers write in besides English (German, French, Spanish, Italian,
    /// Portuguese, Dutch, Polish, Turkish, Indonesian and Malay, Tagalog, Swedish), none of them also an English word.
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> OtherLatinWords = FrozenSet.Create(StringComparer.Ordinal,
        "der", "und", "das", "ist", "nicht", "ich", "mit", "sie", "es", "ein", "eine", "auf", "für", "von", "zu", "wir", "mein", "meine",
        "le", "les", "et", "des", "est", "pas", "je", "une", "du", "que", "qui", "dans", "avec", "mon", "ma", "mes", "vous", "nous",
        "el", "los", "las", "del", "por", "para", "una", "y", "mi", "pero", "muy", "es", "lo",
        "il", "di", "che", "della", "sono", "ho", "mio", "mia", "gli", "ci",
        "da", "em", "um", "não", "uma", "com", "meu", "minha", "os", "ao",
        "het", "een", "en", "niet", "dat", "ik", "je", "op", "te", "zijn", "maar", "mijn",
        "nie", "się", "jest", "na", "że", "z", "w", "mój",
        "bir", "ve", "bu", "çok", "için", "ile", "değil",
        "yang", "di", "ini", "itu", "dengan", "untuk", "tidak", "saya", "ke", "sudah", "belum",
        "ang", "ng", "sa", "mga", "ako", "hindi", "ko",
        "och", "att", "är", "inte", "jag", "för", "har", "som")
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Function words of Bulgarian, Serbian and Macedonian written in Cyrillic that Russian does not use.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> OtherCyrillicWords = FrozenSet.Create(StringComparer.Ordinal,
        "това", "тази", "този", "са", "ще", "съм", "със", "няма", "беше", "който", "които", "която", "също", "защото",
        "је", "су", "али", "није", "сам", "овај", "ова", "што", "кој", "која", "нема", "ќе", "се", "тоа")
        .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>What a redaction mask is made of ("XXXX", "XX/XX/2019").</summary>
    private static readonly SearchValues<char> Masks = SearchValues.Create("X/0123456789.,:;-()[]{}!?$%");

    /// <summary>Cyrillic letters of Ukrainian, Belarusian, Serbian, Macedonian and Kazakh that Russian does not have.</summary>
    private static readonly SearchValues<char> NotRussian = SearchValues.Create("іїєґўђјљњћџѓќѕәғқңөұүһІЇЄҐЎЂЈЉЊЋЏЃЌЅӘҒҚҢӨҰҮҺ");

    public static string Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Languages.Undetermined;
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxScan));
        if (Ascii.IsValid(span))
        {
            // Most texts are ASCII only (a vectorised test): Latin, if they hold a letter.
            return !span.ContainsAny(AsciiLetters) ? Languages.Undetermined : LatinScript(text, span);
        }

        var (latin, cyrillic, han, kana, hangul, other) = (0, 0, 0, 0, 0, 0);
        foreach (var c in span)
        {
            if (char.IsAsciiLetter(c))
            {
                latin++;
            }
            else if (c < '\u00C0')
            {
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF')
            {
                han++;
            }
            else if (c is >= '\u3040' and <= '\u30FF')
            {
                kana++;
            }
            else if (c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF')
            {
                hangul++;
            }
            else if (c <= '\u024F')
            {
                latin++;
            }
            else if (char.IsLetter(c))
            {
                other++;
            }
        }

        var letters = latin + cyrillic + han + kana + hangul + other;
        if (letters == 0)
        {
            return Languages.Undetermined;
        }

        // A Chinese text quotes Latin words and numbers now and then; its Han characters, one to a word, outweigh them.
        var cjk = han + kana + hangul;
        if (cjk * 3 >= letters)
        {
            return kana == 0 && hangul == 0 ? Languages.Chinese : Languages.Other;
        }

        if (latin >= cyrillic && latin >= other)
        {
            return LatinScript(text, span);
        }

        if (cyrillic >= other)
        {
            return !span.ContainsAny(NotRussian) && !Share(span, OtherCyrillicWords, fewWords: false)
                ? Languages.Russian
                : Ask(Cyrillic.Value, text, Lingua.Language.Russian, Languages.Russian);
        }

        return Languages.Other;
    }

    /// <summary>English, unless the text shows the words of another Latin-script language: then Lingua tells.</summary>
    private static string LatinScript(string text, ReadOnlySpan<char> span) =>
        Share(span, EnglishWords, fewWords: true) || !Share(span, OtherLatinWords, fewWords: false)
            ? Languages.English
            : Ask(Latin.Value, text, Lingua.Language.English, Languages.English);

    /// <summary>
    /// Whether a tenth of the text's first 200 words are in <paramref name="words"/> (decided as soon as twenty words show
    /// it); a text of fewer than five words answers <paramref name="fewWords"/>. Masks of redacted text ("XXXX",
    /// "XX/XX/2019"), @handles, #hashtags and web addresses are not words.
    /// </summary>
    private static bool Share(ReadOnlySpan<char> text, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> words, bool fewWords)
    {
        Span<char> lower = stackalloc char[16];
        var (count, hits, i) = (0, 0, 0);
        while (i < text.Length && count < MaxWords)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || (text[i] == '\'' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            var word = text[start..i];
            if (word.IsEmpty)
            {
                break;
            }

            if (!word.ContainsAnyExcept('X') || (start > 0 && text[start - 1] is '@' or '#'))
            {
                continue;
            }

            if (i + 2 < text.Length && text[i] == ':' && text[i + 1] == '/' && text[i + 2] == '/')
            {
                var end = text[i..].IndexOfAny(' ', '\n');
                i = end < 0 ? text.Length : i + end;
                continue;
            }

            count++;
            if (word.Length <= lower.Length)
            {
                var length = Ascii.ToLower(word, lower, out var written) == OperationStatus.Done ? written : word.ToLowerInvariant(lower);
                if (length > 0 && words.Contains(lower[..length]))
                {
                    hits++;
                    if (count >= EarlyWords && hits * 10 >= count)
                    {
                        return true;
                    }
                }
            }
        }

        return count < MinWords ? fewWords : hits * 10 >= count;
    }

    /// <summary>Lingua's verdict on the text's start: <paramref name="code"/> when it says <paramref name="wanted"/>, "other" for another language, <paramref name="code"/> when it cannot tell.</summary>
    private static string Ask(LanguageDetector detector, string text, Lingua.Language wanted, string code)
    {
        var found = detector.DetectLanguageOf(Words(text.AsSpan(0, Math.Min(text.Length, MaxLinguaChars))));
        return found == wanted || found == Lingua.Language.Unknown ? code : Languages.Other;
    }

    /// <summary>The text without web addresses, @handles, #hashtags and redaction masks, which are in no language.</summary>
    private static string Words(ReadOnlySpan<char> text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty || token[0] is '@' or '#' || token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
                || !token.ContainsAnyExcept(Masks))
            {
                continue;
            }

            kept.Append(token).Append(' ');
        }

        return kept.ToString();
    }

    /// <summary>
    /// A detector over <paramref name="candidates"/> that says Unknown (then the script's language) unless its best guess
    /// stands clearly above the next (Lingua's minimum relative distance): a text of names and hashtags is not "other".
    /// </summary>
    private static LanguageDetector Build(params Lingua.Language[] candidates) =>
        LanguageDetectorBuilder.FromLanguages(candidates).WithLowAccuracyMode().WithMinimumRelativeDistance(MinimumDistance).Build();
}
