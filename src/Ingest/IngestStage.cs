using System.Diagnostics;
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
    public async Task<IngestSummary> RunAsync(IReadOnlyList<IngestSource> sources, IIngestProgress progress, CancellationToken cancellationToken)
    {
        var plan = Plan(sources);
        progress.Planned(plan.Count(p => p.Channel is not null), plan.Sum(p => p.Length));

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
            var counts = new RunCounts(
                files.Count(f => !f.Skipped), files.Sum(f => f.RecordsRead), files.Sum(f => f.Stored), files.Sum(f => f.Duplicates),
                files.Sum(f => f.Rejected), files.Count(f => f.Error is not null && !f.Skipped));
            await store.CompleteRunAsync(runId, counts, status, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
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
            await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (SourceSniffer.WhyNotText(stream) is { } notText)
            {
                throw new UnreadableSourceException(file.Path, notText);
            }

            var reader = readers.ReaderFor(file.Path, channel, file.Mapping);
            await foreach (var outcome in reader.ReadAsync(file.Path, stream, cancellationToken).ConfigureAwait(false))
            {
                read++;
                switch (outcome)
                {
                    case ReadOutcome.Accepted accepted:
                        batch.Add(factory.Create(accepted.Record));
                        break;
                    case ReadOutcome.Rejected { Item: var item }:
                        rejected++;
                        quarantine.Add(item with { Raw = PiiRedactor.Redact(item.Raw) });
                        logger.LogWarning("Quarantined {Source}: {Reason}", item.Source, item.Reason);
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
        }
        catch (UnreadableSourceException ex)
        {
            // Keep what was read before the point of failure; the file's error names it.
            await FlushAsync().ConfigureAwait(false);
            error = ex.Reason;
            logger.LogError("Cannot read {Path}: {Reason}", file.Path, ex.Reason);
        }
        catch (IOException ex)
        {
            error = ex.Message;
            logger.LogError("Cannot read {Path}: {Reason}", file.Path, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            error = "permission denied: " + ex.Message;
            logger.LogError("Cannot read {Path}: {Reason}", file.Path, error);
        }

        return new FileSummary(file.Path, channel, read, written.Stored, written.Duplicates, rejected, error);
    }

    private sealed record PlannedFile(string Path, long Length, Channel? Channel, ComplaintMapping Mapping);

    /// <summary>Expands folders (recursively, in name order, skipping hidden entries) into the files to read.</summary>
    private static List<PlannedFile> Plan(IReadOnlyList<IngestSource> sources)
    {
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
            else if (File.Exists(source.Path))
            {
                paths = [source.Path];
            }
            else
            {
                throw new FileNotFoundException($"Input '{source.Path}' does not exist (neither a file nor a folder).", source.Path);
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
