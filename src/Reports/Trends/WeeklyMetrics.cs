namespace Pipeline.Reports.Trends;

/// <summary>A slice of the interactions: a dimension ("all", "channel", "language", "product", "issue", "company", "topic") and one of its values.</summary>
public readonly record struct Segment(string Dimension, string Value)
{
    public static readonly Segment All = new("all", "all");

    /// <summary>The breakdowns of a report, in the order they are shown.</summary>
    public static readonly string[] Dimensions = ["channel", "language", "product", "issue", "company", "topic"];

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

    /// <summary>Sum of squared sentiment scores (for the variance of the mean).</summary>
    public double SentimentSquares { get; set; }

    public int Negative { get; set; }

    public int Watch { get; set; }

    public int High { get; set; }

    public int Critical { get; set; }

    /// <summary>Interactions of customers who had another contact in the repeat window.</summary>
    public int Repeat { get; set; }

    /// <summary>Priority bumps delivered to the ticket queue for these interactions.</summary>
    public int BumpsSent { get; set; }

    /// <summary>Interactions without any score yet (the score stage has not seen them).</summary>
    public int Unscored { get; set; }

    /// <summary>Escalations: anger level high or critical.</summary>
    public int Escalated => High + Critical;

    public double? MeanSentiment => Scored == 0 ? null : SentimentSum / Scored;

    /// <summary>Sample variance of the sentiment scores, <c>null</c> below two scores.</summary>
    public double? SentimentVariance => Scored < 2 ? null : Math.Max(0, (SentimentSquares - (SentimentSum * SentimentSum / Scored)) / (Scored - 1));

    public static double? Share(int part, int whole) => whole == 0 ? null : part / (double)whole;

    public void Add(WeeklyMetrics other)
    {
        Volume += other.Volume;
        WithText += other.WithText;
        Scored += other.Scored;
        SentimentSum += other.SentimentSum;
        SentimentSquares += other.SentimentSquares;
        Negative += other.Negative;
        Watch += other.Watch;
        High += other.High;
        Critical += other.Critical;
        Repeat += other.Repeat;
        BumpsSent += other.BumpsSent;
        Unscored += other.Unscored;
    }

    public static WeeklyMetrics Sum(IEnumerable<WeeklyMetrics> weeks)
    {
        var total = new WeeklyMetrics();
        foreach (var week in weeks)
        {
            total.Add(week);
        }

        return total;
    }
}
