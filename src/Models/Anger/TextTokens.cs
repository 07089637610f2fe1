using Pipeline.Models.Text;

namespace Pipeline.Models.Anger;

/// <summary>A word of a text with its character span; <see cref="Key"/> is its normalised form for matching.</summary>
public readonly record struct TextToken(string Key, int Start, int Length);

/// <summary>
/// Splits text into words with their spans: a run of letters and digits, then any number of apostrophe + letters
/// ("isn't", "o'clock"), in one pass over the text. Matching is on a normalised key: lower case, apostrophes
/// removed ("isn't" → "isnt"), ё read as е, full-width forms as ASCII. Chinese words are jieba's. <see cref="Tokenize"/> gives each key as a string (training);
/// the scoring path reads keys as spans of a reused <see cref="TokenizedText"/>.
/// </summary>
public static class TextTokens
{
    /// <param name="language">"zh": the words are jieba's (<see cref="ChineseWords"/>); any other: runs of letters and digits.</param>
    public static List<TextToken> Tokenize(string text, string language = Core.Languages.English)
    {
        var words = new TokenizedText();
        words.Read(text, language);
        var tokens = new List<TextToken>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            tokens.Add(new TextToken(words.Key(i).ToString(), words.Start(i), words.Length(i)));
        }

        return tokens;
    }

    public static string Normalize(string word)
    {
        Span<char> key = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        return new string(key[..Normalize(word, key)]);
    }

    /// <summary>Writes the key of <paramref name="word"/> into <paramref name="key"/> (at least as long); returns its length.</summary>
    internal static int Normalize(ReadOnlySpan<char> word, Span<char> key)
    {
        var length = 0;
        foreach (var raw in word)
        {
            if (raw is '\'' or '’')
            {
                continue;
            }

            // Full-width Latin letters and digits ("ＡＴＭ") read as their ASCII forms, one character for one.
            var c = char.ToLowerInvariant(raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw);
            key[length++] = c == 'ё' ? 'е' : c;
        }

        return length;
    }

    /// <summary>The next word at or after <paramref name="at"/>: its start and length; false at the end of the text.</summary>
    internal static bool Next(string text, ref int at, out int start, out int length)
    {
        while (at < text.Length)
        {
            if (!char.IsLetterOrDigit(text[at]) && !char.IsNumber(text[at]))
            {
                at++;
                continue;
            }

            start = at;
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

            length = at - start;
            return true;
        }

        start = length = 0;
        return false;
    }
}

/// <summary>
/// The words of one text (<see cref="TextTokens"/>) with their keys side by side in one buffer: no string per word.
/// Reused text after text by the thread that owns it.
/// </summary>
public sealed class TokenizedText
{
    private readonly WordBuffer _keys = new();
    private int[] _start = new int[256];
    private int[] _length = new int[256];

    public int Count => _keys.Count;

    public int Start(int word) => _start[word];

    public int Length(int word) => _length[word];

    public ReadOnlySpan<char> Key(int word) => _keys[word];

    private List<(int Start, int Length)>? _chinese;

    /// <param name="language">"zh": Chinese has no spaces between words, so its words are the ones jieba cuts (<see cref="ChineseWords.Spans"/>).</param>
    public void Read(string text, string language = Core.Languages.English)
    {
        // A key is never longer than its word (one lower-case char per char, apostrophes dropped): the keys fit the text's length.
        _keys.Reset(text.Length);
        if (language == Core.Languages.Chinese)
        {
            ChineseWords.Spans(text, _chinese ??= []);
            foreach (var (start, length) in _chinese)
            {
                Add(text, start, length);
            }

            return;
        }

        var at = 0;
        while (TextTokens.Next(text, ref at, out var start, out var length))
        {
            Add(text, start, length);
        }
    }

    private void Add(string text, int start, int length)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, 2 * Count);
            Array.Resize(ref _length, 2 * Count);
        }

        _start[Count] = start;
        _length[Count] = length;

        // Never empty: a word holds a letter or digit, which its key keeps.
        _keys.Advance(TextTokens.Normalize(text.AsSpan(start, length), _keys.Free));
        _keys.Break();
    }
}
