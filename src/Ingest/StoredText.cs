namespace Pipeline.Ingest;

/// <summary>
/// What no stored string may hold: the NUL character, which PostgreSQL's text refuses (one in a batch failed the whole
/// write) and which no text means. Readers hand over what the source had (a JSON <c>\u0000</c>, a NUL byte in a CSV or
/// an e-mail); the ingest removes it before anything is stored or quarantined.
/// </summary>
public static class StoredText
{
    /// <summary>The value without NUL characters (the same instance when it has none).</summary>
    public static string? WithoutNul(string? value) =>
        value is null || !value.Contains('\0') ? value : value.Replace("\0", string.Empty, StringComparison.Ordinal);

    /// <summary>The location with NUL characters removed from its path and locator.</summary>
    public static Core.SourceLocation WithoutNul(Core.SourceLocation source) =>
        source.Path.Contains('\0') || source.Locator.Contains('\0') ? new(WithoutNul(source.Path)!, WithoutNul(source.Locator)!) : source;

    /// <summary>The metadata with NUL characters removed from its keys and values (the same map when it has none).</summary>
    public static IReadOnlyDictionary<string, string> WithoutNul(IReadOnlyDictionary<string, string> metadata)
    {
        var found = false;
        foreach (var (key, value) in metadata)
        {
            found |= key.Contains('\0') || value.Contains('\0');
        }

        if (!found)
        {
            return metadata;
        }

        var clean = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            clean[WithoutNul(key)!] = WithoutNul(value)!;
        }

        return clean;
    }
}
