namespace Pipeline.Models.Sentiment;

/// <summary>
/// One name of <see cref="SentimentNames"/> as its words, matched in an ASCII text as its alternative of the names'
/// expression matches there: the words in order, ASCII case ignored, white space (one or more) between them, a last
/// word written with <c>*</c> followed by any word characters, and a word boundary at the end. Every name is ASCII
/// (<see cref="SentimentNames"/> uses the expression otherwise), so in an ASCII text the expression's case-insensitive
/// matching is ASCII's, its <c>\s</c> is <see cref="char.IsWhiteSpace(char)"/> and its <c>\w</c> letters, digits and '_'.
/// </summary>
internal sealed class NamePhrase
{
    private readonly string[] _words;

    /// <summary>Whether the last word was written with a trailing <c>*</c> (any ending).</summary>
    private readonly bool _openEnded;

    private NamePhrase(string[] words)
    {
        _openEnded = words[^1].EndsWith('*');
        _words = [.. words[..^1], words[^1].TrimEnd('*')];
    }

    /// <summary>
    /// The names in <paramref name="ordered"/>'s order (the expression's alternatives), in lists by their first character
    /// (ASCII, with bit 0x20 set, which makes a letter lower case): a name can start only where its first character is.
    /// </summary>
    public static NamePhrase[][] ByFirstCharacter(IEnumerable<string[]> ordered)
    {
        var lists = new List<NamePhrase>[128];
        foreach (var words in ordered)
        {
            var first = words[0][0] | 0x20;
            (lists[first] ??= []).Add(new NamePhrase(words));
        }

        return [.. lists.Select(list => list?.ToArray() ?? [])];
    }

    /// <summary>The length of this name at <paramref name="start"/> of an ASCII text (a word boundary before it is the caller's to check), or -1.</summary>
    public int LengthAt(ReadOnlySpan<char> text, int start)
    {
        var at = start;
        for (var w = 0; w < _words.Length; w++)
        {
            if (w > 0)
            {
                var spaces = at;
                while (at < text.Length && char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                if (at == spaces)
                {
                    return -1;
                }
            }

            var word = _words[w];
            if (text.Length - at < word.Length || !text.Slice(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            at += word.Length;
        }

        if (_openEnded)
        {
            while (IsWordCharacter(text, at))
            {
                at++;
            }
        }

        // \b: a word character on one side of the end and not on the other.
        return IsWordCharacter(text, at - 1) != IsWordCharacter(text, at) ? at - start : -1;
    }

    /// <summary>Whether the character at <paramref name="index"/> is a word character of an ASCII text (\w); outside the text, no.</summary>
    public static bool IsWordCharacter(ReadOnlySpan<char> text, int index) =>
        (uint)index < (uint)text.Length && (char.IsAsciiLetterOrDigit(text[index]) || text[index] == '_');
}
