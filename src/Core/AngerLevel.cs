namespace Pipeline.Core;

/// <summary>How strongly an interaction calls for escalation. Ordered: a higher level means more urgency.</summary>
public enum AngerLevel
{
    None,
    Watch,
    High,
    Critical,
}

/// <summary>Parsing and printing of <see cref="AngerLevel"/> in the lower-case form of the store, the CLI and the configuration.</summary>
public static class AngerLevelNames
{
    /// <summary>Every level, lowest first.</summary>
    public static IReadOnlyList<AngerLevel> All { get; } = [AngerLevel.None, AngerLevel.Watch, AngerLevel.High, AngerLevel.Critical];

    public static string ToName(this AngerLevel level) => level switch
    {
        AngerLevel.None => "none",
        AngerLevel.Watch => "watch",
        AngerLevel.High => "high",
        AngerLevel.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown anger level."),
    };

    public static bool TryParse(string? text, out AngerLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "none": level = AngerLevel.None; return true;
            case "watch": level = AngerLevel.Watch; return true;
            case "high": level = AngerLevel.High; return true;
            case "critical": level = AngerLevel.Critical; return true;
            default: level = default; return false;
        }
    }

    public static AngerLevel Parse(string text) =>
        TryParse(text, out var level) ? level : throw new FormatException($"'{text}' is not an anger level; use none, watch, high or critical.");
}
