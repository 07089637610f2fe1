using Pipeline.Core;
using Pipeline.Core.Storage;

namespace Pipeline.Ingest;

/// <summary>What happened to one file.</summary>
/// <param name="Error">Set when the file could not be read (whole or from some point on), with what to fix.</param>
public sealed record FileSummary(string Path, Channel? Channel, long RecordsRead, long Stored, long Duplicates, long Rejected, string? Error, bool Skipped = false);

/// <summary>What an ingest run did, for the summary table, the run record and the weeks <c>run</c> reports.</summary>
/// <param name="NewDays">
/// The UTC days that received new interactions: every day of a written batch that stored at least one (a batch of
/// duplicates only adds none), so a superset of the days of what is new, never missing one.
/// </param>
public sealed record IngestSummary(long RunId, IReadOnlyList<FileSummary> Files, TimeSpan Elapsed, IReadOnlyCollection<DateOnly> NewDays)
{
    public int FilesRead => Files.Count(f => !f.Skipped);

    public long RecordsRead => Files.Sum(f => f.RecordsRead);

    public long Stored => Files.Sum(f => f.Stored);

    public long Duplicates => Files.Sum(f => f.Duplicates);

    public long Rejected => Files.Sum(f => f.Rejected);

    public int UnreadableFiles => Files.Count(f => f.Error is not null && !f.Skipped);

    public int SkippedFiles => Files.Count(f => f.Skipped);

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? RecordsRead / Elapsed.TotalSeconds : 0;

    /// <summary>The counts recorded with the run in the store.</summary>
    public RunCounts Counts => new(FilesRead, RecordsRead, Stored, Duplicates, Rejected, UnreadableFiles);
}
