namespace Pipeline.Models.Anger;

/// <summary>How strongly an interaction calls for escalation. Ordered: a higher level means more urgency.</summary>
public enum AngerLevel
{
    None,
    Watch,
    High,
    Critical,
}

public static class AngerLevelNames
{
    public static string ToName(this AngerLevel level) => level.ToString().ToLowerInvariant();

    public static AngerLevel Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "none" => AngerLevel.None,
        "watch" => AngerLevel.Watch,
        "high" => AngerLevel.High,
        "critical" => AngerLevel.Critical,
        _ => throw new FormatException($"'{text}' is not an anger level; use none, watch, high or critical."),
    };
}
