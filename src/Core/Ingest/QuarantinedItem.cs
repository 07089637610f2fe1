namespace Pipeline.Core.Ingest;

/// <summary>
/// A malformed row, message or transcript that was set aside instead of stored.
/// <paramref name="Raw"/> keeps the original text (redacted, and cut at <see cref="MaxRawLength"/>) so nothing is lost.
/// </summary>
public sealed record QuarantinedItem(SourceLocation Source, string Reason, string? Raw)
{
    public const int MaxRawLength = 64 * 1024;
}
