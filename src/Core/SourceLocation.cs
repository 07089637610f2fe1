namespace Pipeline.Core;

/// <summary>
/// Where a record came from: the file, and inside it a locator a person can follow
/// ("row 12", "message 3 at byte 10422", "conversation 0002f70f7386445b").
/// </summary>
public sealed record SourceLocation(string Path, string Locator)
{
    public override string ToString() => $"{Path} ({Locator})";
}
