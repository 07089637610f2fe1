namespace Pipeline.Core;

/// <summary>
/// Tells the language of a text from its script: mostly Cyrillic letters → "ru", mostly Latin → "en",
/// no letters → "und". Enough for the two languages the pipeline's lexicons cover.
/// </summary>
public static class LanguageGuesser
{
    public static string Guess(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "und";
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
