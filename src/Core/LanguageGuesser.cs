namespace Pipeline.Core;

/// <summary>
/// Tells the language of a text from its script: mostly Cyrillic letters → "ru", mostly Latin → "en",
/// no letters → "und". Enough for the two languages the pipeline's lexicons cover.
/// </summary>
public static class LanguageGuesser
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static string Guess(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "und";
        }

        // Most texts are ASCII only (a vectorised test): Latin if they hold a letter.
        if (System.Text.Ascii.IsValid(text))
        {
            return text.AsSpan().ContainsAny(AsciiLetters) ? "en" : "und";
        }

        var cyrillic = 0;
        var latin = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (char.IsAsciiLetter(c))
            {
                latin++;
            }
        }

        if (cyrillic == 0 && latin == 0)
        {
            return "und";
        }

        return cyrillic > latin ? "ru" : "en";
    }
}
