using Pipeline.Core;

namespace Pipeline.Ingest;

/// <summary>
/// One input of an ingest: a file or a folder (walked recursively), optionally forced to a channel,
/// optionally with a complaints mapping file for CSVs in other layouts.
/// </summary>
public sealed record IngestSource(string Path, Channel? Channel = null, string? Mapping = null);
