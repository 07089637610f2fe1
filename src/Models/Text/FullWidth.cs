namespace Pipeline.Models.Text;

/// <summary>
/// Folds the full-width forms Chinese (and Japanese) text uses for Latin letters, digits and punctuation
/// (U+FF01–U+FF5E, "ＡＢＣ１２３！") to their ASCII forms, the ideographic space (U+3000) to a space, and the
/// ideographic full stop and comma (。、) to "." and ",": what the lexicons, the sentence splitter and the featurisers
/// read. A sentence or clause mark (。！？；，、) is followed by a space, since Chinese puts none after it and the
/// sentence splitter ends a sentence at a mark followed by white space. Other characters, Chinese ones among them,
/// are kept.
/// </summary>
public static class FullWidth
{
    /// <summary>Whether <paramref name="c"/> is one <see cref="Fold(string)"/> changes.</summary>
    public static bool IsFolded(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000' or '。' or '、';

    public static string Fold(string text)
    {
        foreach (var c in text)
        {
            if (IsFolded(c))
            {
                return Fold(text.AsSpan());
            }
        }

        return text;
    }

    public static string Fold(ReadOnlySpan<char> text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '！' or '？' or '；' or '，':
                    builder.Append((char)(c - 0xFEE0)).Append(' ');
                    break;
                case >= '\uFF01' and <= '\uFF5E':
                    builder.Append((char)(c - 0xFEE0));
                    break;
                case '\u3000':
                    builder.Append(' ');
                    break;
                case '。':
                    builder.Append(". ");
                    break;
                case '、':
                    builder.Append(", ");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
