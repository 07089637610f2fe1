using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Storage;
using Pipeline.Ingest.Complaints;
using Pipeline.Ingest.Privacy;

namespace Pipeline.Ingest;

/// <summary>
/// The ingest stage: walks the inputs, reads each file with its reader, turns items into redacted
/// interactions and writes them to the store in batches. A malformed item is quarantined and counted;
/// a file that cannot be read gets one error line and the other files carry on; a store failure stops
/// the run (it propagates).
/// </summary>
public sealed class IngestStage(
    IInteractionStore store,
    ReaderCatalog readers,
    InteractionFactory factory,
    IngestOptions options,
    TimeProvider time,
    ILogger<IngestStage> logger)
{
    /// <summary>Quarantined items logged one by one per file; the rest are counted (the store keeps them all).</summary>
    private const int LoggedRejectionsPerFile = 20;

    public async Task<IngestSummary> RunAsync(IReadOnlyList<IngestSource> sources, IIngestProgress progress, CancellationToken cancellationToken)
    {
        var plan = Plan(sources);
        var readable = plan.Where(p => p.Channel is not null).ToList();
        progress.Planned(readable.Count, readable.Sum(p => p.Length));

        var started = time.GetTimestamp();
        var runId = await store.BeginRunAsync("ingest", sources.Select(s => s.Path).ToList(), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var files = new List<FileSummary>(plan.Count);
        var status = "failed";
        try
        {
            foreach (var file in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var summary = file.Channel is { } channel
                    ? await IngestFileAsync(runId, file, channel, progress, cancellationToken).ConfigureAwait(false)
                    : new FileSummary(file.Path, null, 0, 0, 0, 0, "not an input type (.csv, .tsv, .eml, .mbox, .txt, .vtt, .json, .jsonl); skipped", Skipped: true);
                if (summary.Skipped)
                {
                    logger.LogInformation("Skipped {Path}: {Reason}", summary.Path, summary.Error);
                }

                files.Add(summary);
                progress.FileFinished(summary);
            }

            status = "completed";
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            var counts = new IngestSummary(runId, files, time.GetElapsedTime(started)).Counts;
            try
            {
                await store.CompleteRunAsync(runId, counts, status, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (status != "completed")
            {
                // The run already failed; that failure is the one to report, not this follow-up.
                logger.LogWarning(ex, "Could not record the end of run {RunId}: {Message}", runId, ex.Message);
            }
        }

        return new IngestSummary(runId, files, time.GetElapsedTime(started));
    }

    private async Task<FileSummary> IngestFileAsync(long runId, PlannedFile file, Channel channel, IIngestProgress progress, CancellationToken cancellationToken)
    {
        progress.FileStarted(file.Path, file.Length);
        long read = 0, rejected = 0;
        var written = default(WriteResult);
        var batch = new List<Interaction>(options.BatchSize);
        var quarantine = new List<QuarantinedItem>();

        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                written += await store.WriteAsync(runId, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }

            if (quarantine.Count > 0)
            {
                await store.QuarantineAsync(runId, quarantine, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                quarantine.Clear();
            }
        }

        string? error = null;
        try
        {
            await using var stream = OpenRead(file.Path);
            if (SourceSniffer.WhyNotText(stream) is { } notText)
            {
                throw new UnreadableSourceException(file.Path, notText);
            }

            var reader = readers.ReaderFor(file.Path, channel, file.Mapping);
            await using var outcomes = reader.ReadAsync(file.Path, stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await NextAsync(outcomes, file.Path).ConfigureAwait(false))
            {
                var outcome = outcomes.Current;
                read++;
                switch (outcome)
                {
                    case ReadOutcome.Accepted accepted:
                        batch.Add(factory.Create(accepted.Record));
                        break;
                    case ReadOutcome.Rejected { Item: var item }:
                        rejected++;
                        quarantine.Add(item with { Raw = PiiRedactor.Redact(item.Raw) });
                        if (rejected <= LoggedRejectionsPerFile)
                        {
                            logger.LogWarning("Quarantined {Source}: {Reason}", item.Source, item.Reason);
                        }

                        break;
                }

                if (batch.Count >= options.BatchSize || quarantine.Count >= options.BatchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                    progress.Advanced(file.Path, stream.Position, read);
                }
            }

            await FlushAsync().ConfigureAwait(false);
            progress.Advanced(file.Path, file.Length, read);
            if (rejected > LoggedRejectionsPerFile)
            {
                logger.LogWarning("{Path}: {More} more items quarantined; list them all with: quarantine --run {RunId}", file.Path, rejected - LoggedRejectionsPerFile, runId);
            }
        }
        catch (UnreadableSourceException ex)
        {
            // Keep what was read before the point of failure; the file's error names it.
            await FlushAsync().ConfigureAwait(false);
            error = ex.Reason;
            logger.LogError("Cannot read {Path}: {Reason}", file.Path, ex.Reason);
            if (ex.InnerException is not null)
            {
                logger.LogDebug(ex.InnerException, "Cause of the read failure of {Path}", file.Path);
            }
        }

        return new FileSummary(file.Path, channel, read, written.Stored, written.Duplicates, rejected, error);
    }

    /// <summary>
    /// Advances a reader. Whatever goes wrong inside a reader is about that file (I/O, permissions, or a
    /// format the reader did not expect), so it becomes the file's error and the run goes on; store
    /// failures happen outside this call and stop the run.
    /// </summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<ReadOutcome> outcomes, string path)
    {
        try
        {
            return await outcomes.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (UnreadableSourceException or OperationCanceledException))
        {
            var reason = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                IOException => "cannot be read: " + ex.Message,
                _ => $"unexpected {ex.GetType().Name} while reading: {ex.Message}",
            };
            throw new UnreadableSourceException(path, reason, ex);
        }
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnreadableSourceException(path, "permission denied", ex);
        }
        catch (IOException ex)
        {
            throw new UnreadableSourceException(path, "cannot be opened: " + ex.Message, ex);
        }
    }

    private sealed record PlannedFile(string Path, long Length, Channel? Channel, ComplaintMapping Mapping);

    /// <summary>Fails, naming the first one, when an input or a mapping file does not exist.</summary>
    public static void CheckInputs(IReadOnlyList<IngestSource> sources)
    {
        foreach (var source in sources)
        {
            if (source.Mapping is not null && !File.Exists(source.Mapping))
            {
                throw new FileNotFoundException($"Mapping file '{source.Mapping}' does not exist.", source.Mapping);
            }

            if (!File.Exists(source.Path) && !Directory.Exists(source.Path))
            {
                throw new FileNotFoundException(
                    $"Input '{source.Path}' does not exist (neither a file nor a folder; relative paths start at {Directory.GetCurrentDirectory()}).", source.Path);
            }
        }
    }

    /// <summary>Expands folders (recursively, in name order, skipping hidden entries) into the files to read.</summary>
    private static List<PlannedFile> Plan(IReadOnlyList<IngestSource> sources)
    {
        CheckInputs(sources);
        var plan = new List<PlannedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var mapping = source.Mapping is null ? ComplaintMapping.Cfpb : ComplaintMapping.Load(source.Mapping);
            IEnumerable<string> paths;
            if (Directory.Exists(source.Path))
            {
                paths = Directory.EnumerateFiles(source.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                    .Where(p => !Path.GetFileName(p).StartsWith('.'))
                    .Order(StringComparer.Ordinal);
            }
            else
            {
                paths = [source.Path];
            }

            foreach (var path in paths)
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    plan.Add(new PlannedFile(path, new FileInfo(path).Length, ReaderCatalog.ChannelOf(path, source.Channel), mapping));
                }
            }
        }

        return plan;
    }
}
