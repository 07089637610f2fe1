using Pipeline.Core;

namespace Pipeline.Models.Text;

/// <summary>
/// A text as the word forms a language's models read, joined by single spaces: Russian words as their Snowball stems
/// (<see cref="RussianStems"/>), Chinese text cut into words by jieba (<see cref="ChineseWords"/>). English (and any
/// other language) is left as it is: its models split words themselves.
/// </summary>
public static class WordForms
{
    /// <summary>Whether <see cref="Of"/> changes the texts of <paramref name="language"/>.</summary>
    public static bool Changes(string language) => language is Languages.Russian or Languages.Chinese;

    public static string Of(string text, string language) => language switch
    {
        Languages.Russian => RussianStems.Spaced(text),
        Languages.Chinese => ChineseWords.Spaced(text),
        _ => text,
    };
}
