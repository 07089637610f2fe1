namespace Pipeline.Storage;

/// <summary>
/// Parses the store setting: <c>sqlite:PATH</c> (the embedded default) or
/// <c>postgres:&lt;Npgsql connection string&gt;</c>.
/// </summary>
public sealed record StoreConnectionString(StoreEngine Engine, string Value)
{
    public static StoreConnectionString Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? text[..colon].Trim().ToLowerInvariant() : string.Empty;
        var value = colon > 0 ? text[(colon + 1)..].Trim() : string.Empty;
        return scheme switch
        {
            "sqlite" when value.Length > 0 => new StoreConnectionString(StoreEngine.Sqlite, value),
            "postgres" or "postgresql" when value.Length > 0 => new StoreConnectionString(StoreEngine.Postgres, value),
            _ => throw new FormatException(
                $"Store '{Redacted(text)}' is not understood: write sqlite:PATH (e.g. sqlite:pipeline.db) or postgres:Host=…;Database=…;Username=…"),
        };
    }

    /// <summary>The setting without a password, for messages and logs.</summary>
    public static string Redacted(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
}

public enum StoreEngine
{
    Sqlite,
    Postgres,
}
