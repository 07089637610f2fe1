namespace Pipeline.Core.Ingest;

/// <summary>A whole source file cannot be read (binary, wrong format, undecodable). The message says what to fix.</summary>
public sealed class UnreadableSourceException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
