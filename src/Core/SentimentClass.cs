namespace Pipeline.Core;

/// <summary>The three sentiment classes, in the order the models give their probabilities.</summary>
public enum SentimentClass
{
    Negative,
    Neutral,
    Positive,
}

/// <summary>Parsing and printing of <see cref="SentimentClass"/> in the lower-case form of the store and the CLI.</summary>
public static class SentimentClassNames
{
    /// <summary>Every class, in probability order.</summary>
    public static IReadOnlyList<SentimentClass> All { get; } = [SentimentClass.Negative, SentimentClass.Neutral, SentimentClass.Positive];

    public static string ToName(this SentimentClass sentiment) => sentiment switch
    {
        SentimentClass.Negative => "negative",
        SentimentClass.Neutral => "neutral",
        SentimentClass.Positive => "positive",
        _ => throw new ArgumentOutOfRangeException(nameof(sentiment), sentiment, "Unknown sentiment class."),
    };

    public static bool TryParse(string? text, out SentimentClass sentiment)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "negative": sentiment = SentimentClass.Negative; return true;
            case "neutral": sentiment = SentimentClass.Neutral; return true;
            case "positive": sentiment = SentimentClass.Positive; return true;
            default: sentiment = default; return false;
        }
    }

    public static SentimentClass Parse(string text) =>
        TryParse(text, out var sentiment) ? sentiment : throw new FormatException($"'{text}' is not a sentiment class; use negative, neutral or positive.");
}
