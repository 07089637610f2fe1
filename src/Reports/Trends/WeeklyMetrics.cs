namespace Pipeline.Reports.Trends;

/// <summary>A slice of the interactions: a dimension ("all", "channel", "product", "issue", "company", "topic") and one of its values.</summary>
public readonly record struct Segment(string Dimension, string Value)
{
    public static readonly Segment All = new("all", "all");

    public override string ToString() => Dimension == "all" ? "all interactions" : $"{Dimension} '{Value}'";
}

/// <summary>The counts of one segment in one week, from which every figure of the report is derived.</summary>
public sealed class WeeklyMetrics
{
    public int Volume { get; set; }

    public int WithText { get; set; }

    /// <summary>Interactions with text that have a sentiment score.</summary>
    public int Scored { get; set; }

    public double SentimentSum { get; set; }

    public int Negative { get; set; }

    public int Watch { get; set; }

    public int High { get; set; }

    public int Critical { get; set; }

    /// <summary>Interactions of customers who had another contact in the repeat window.</summary>
    public int Repeat { get; set; }

    public int Escalated => High + Critical;

    public double? MeanSentiment => Scored == 0 ? null : SentimentSum / Scored;

    public void Add(WeeklyMetrics other)
    {
        Volume += other.Volume;
        WithText += other.WithText;
        Scored += other.Scored;
        SentimentSum += other.SentimentSum;
        Negative += other.Negative;
        Watch += other.Watch;
        High += other.High;
        Critical += other.Critical;
        Repeat += other.Repeat;
    }
}
