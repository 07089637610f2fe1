namespace Pipeline.Ingest;

/// <summary>
/// Receives progress of an ingest. The CLI shows a progress bar on a terminal and periodic log lines
/// otherwise; tests collect the calls. Calls come from the ingest's own flow, one at a time.
/// </summary>
public interface IIngestProgress
{
    /// <summary>Called once, after the inputs are walked.</summary>
    void Planned(int files, long totalBytes);

    void FileStarted(string path, long length);

    /// <summary>Bytes of the current file consumed so far, and records read from it.</summary>
    void Advanced(string path, long position, long recordsRead);

    void FileFinished(FileSummary summary);
}

/// <summary>A progress sink that shows nothing.</summary>
public sealed class NoProgress : IIngestProgress
{
    public static readonly NoProgress Instance = new();

    public void Planned(int files, long totalBytes) { }

    public void FileStarted(string path, long length) { }

    public void Advanced(string path, long position, long recordsRead) { }

    public void FileFinished(FileSummary summary) { }
}
