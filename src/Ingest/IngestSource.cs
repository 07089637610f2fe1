using Pipeline.Core;

namespace Pipeline.Ingest;

/// <summary>
/// One input of an ingest: a file or a folder (walked recursively), optionally forced to a channel,
/// optionally with a complaints mapping file for CSVs in other layouts, optionally forced to a language
/// (<see cref="Languages.Forcible"/>: a source known to be Russian is stored as Russian whatever a short text looks like).
/// </summary>
public sealed record IngestSource(string Path, Channel? Channel = null, string? Mapping = null, string? Language = null);
