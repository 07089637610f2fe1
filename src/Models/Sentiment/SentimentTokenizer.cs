using Pipeline.Models.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The words of a sentence as the trained pipeline's text featuriser makes them (ML.NET <c>FeaturizeText</c> with
/// lower case, diacritics kept, punctuation and numbers removed, words split at spaces): each punctuation mark and
/// each digit is dropped where it stands ("don't" is "dont", "3rd" is "rd"), every other character is lower-cased
/// (invariant culture), and a word ends only at a space (U+0020; a tab or line break stays inside a word, as there).
/// Works on a reused buffer: no allocation per sentence.
/// </summary>
public sealed class SentimentTokenizer
{
    private readonly WordBuffer _words = new();

    /// <summary>The words of the last <see cref="Tokenize"/>.</summary>
    public int Count => _words.Count;

    public ReadOnlySpan<char> this[int word] => _words[word];

    public void Tokenize(ReadOnlySpan<char> text)
    {
        _words.Reset(text.Length);
        foreach (var raw in text)
        {
            if (raw == ' ')
            {
                _words.Break();
            }
            else if (!char.IsPunctuation(raw) && !char.IsNumber(raw))
            {
                _words.Append(char.ToLowerInvariant(raw));
            }
        }

        _words.Break();
    }
}
