namespace Pipeline.Models.Anger;

/// <summary>A word of a text with its character span; <see cref="Key"/> is its normalised form for matching.</summary>
public readonly record struct TextToken(string Key, int Start, int Length);

/// <summary>
/// Splits text into words with their spans: a run of letters and digits, then any number of apostrophe + letters
/// ("isn't", "o'clock"), in one pass over the text. Matching is on a normalised key: lower case, apostrophes
/// removed ("isn't" → "isnt"), and ё read as е; the key is the only string made per word.
/// </summary>
public static class TextTokens
{
    public static List<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>(text.Length / 5 + 4);
        var at = 0;
        while (at < text.Length)
        {
            if (!char.IsLetterOrDigit(text[at]) && !char.IsNumber(text[at]))
            {
                at++;
                continue;
            }

            var start = at;
            while (at < text.Length && (char.IsLetter(text[at]) || char.IsNumber(text[at])))
            {
                at++;
            }

            while (at + 1 < text.Length && text[at] is '\'' or '’' && char.IsLetter(text[at + 1]))
            {
                at++;
                while (at < text.Length && char.IsLetter(text[at]))
                {
                    at++;
                }
            }

            tokens.Add(new TextToken(Normalize(text.AsSpan(start, at - start)), start, at - start));
        }

        return tokens;
    }

    public static string Normalize(string word) => Normalize(word.AsSpan());

    private static string Normalize(ReadOnlySpan<char> word)
    {
        Span<char> key = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        var length = 0;
        foreach (var raw in word)
        {
            if (raw is '\'' or '’')
            {
                continue;
            }

            var c = char.ToLowerInvariant(raw);
            key[length++] = c == 'ё' ? 'е' : c;
        }

        return new string(key[..length]);
    }
}
