namespace Pipeline.Core;

/// <summary>
/// The languages an interaction is stored with (ISO 639-1 codes as the store, the exports and the lexicons name them):
/// the three the pipeline reads, "other" for any other language, "und" for a text without letters.
/// </summary>
public static class Languages
{
    public const string English = "en";
    public const string Russian = "ru";
    public const string Chinese = "zh";
    public const string Other = "other";
    public const string Undetermined = "und";

    /// <summary>What a source may be forced to (Ingest:Sources:N:Language).</summary>
    public static readonly IReadOnlyList<string> Forcible = [English, Russian, Chinese, Other];

    /// <summary>How a report names each: "English", "Russian", "Chinese", "other languages", "no words".</summary>
    public static string Describe(string code) => code switch
    {
        English => "English",
        Russian => "Russian",
        Chinese => "Chinese",
        Other => "other languages",
        Undetermined => "no words",
        _ => code,
    };
}
