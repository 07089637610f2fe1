using System.Text.RegularExpressions;

namespace Pipeline.Models.Anger;

/// <summary>A word of a text with its character span; <see cref="Key"/> is its normalised form for matching.</summary>
public readonly record struct TextToken(string Key, int Start, int Length);

/// <summary>
/// Splits text into words with their spans. Matching is on a normalised key: lower case, apostrophes
/// removed ("isn't" → "isnt"), and ё read as е.
/// </summary>
public static partial class TextTokens
{
    public static List<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>();
        foreach (Match match in Word().Matches(text))
        {
            tokens.Add(new TextToken(Normalize(match.Value), match.Index, match.Length));
        }

        return tokens;
    }

    public static string Normalize(string word) =>
        word.ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal).Replace("’", string.Empty, StringComparison.Ordinal)
            .Replace('ё', 'е');

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
