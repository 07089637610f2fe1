namespace Pipeline.Core.Ingest;

/// <summary>
/// Reads one source file as a stream of items. One contract per input format.
/// </summary>
/// <remarks>
/// Implementations stream: they never load a whole file. A malformed item is yielded as
/// <see cref="ReadOutcome.Rejected"/> and reading goes on. A file that cannot be read at all
/// (binary, wrong format, undecodable) throws <see cref="UnreadableSourceException"/>; the caller
/// reports it and moves on to the next file.
/// </remarks>
public interface IInteractionReader
{
    /// <summary>The channel this reader produces.</summary>
    Channel Channel { get; }

    IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, CancellationToken cancellationToken);
}
