namespace Pipeline.Models.Sentiment;

/// <summary>The three sentiment classes.</summary>
public enum SentimentClass
{
    Negative,
    Neutral,
    Positive,
}
