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
/// <remarks>
/// The store may still be opening when the run starts (the CLI opens it meanwhile): the first batch is read, and the run
/// is recorded before anything is written. A failure to open is the run's failure, thrown when the run first needs the
/// store. On PostgreSQL, connecting and migrating a new database take about as long as reading a batch (BENCHMARKS.md).
/// </remarks>
public sealed class IngestStage(
    Task<IIngestStore> store,
    ReaderCatalog readers,
    InteractionFactory factory,
    IngestOptions options,
    TimeProvider time,
    ILogger<IngestStage> logger)
{
    /// <summary>Quarantined items logged one by one per file; the rest are counted (the store keeps them all).</summary>
    private const int LoggedRejectionsPerFile = 20;

    public IngestStage(IIngestStore store, ReaderCatalog readers, InteractionFactory factory, IngestOptions options, TimeProvider time, ILogger<IngestStage> logger)
        : this(Task.FromResult(store), readers, factory, options, time, logger)
    {
    }

    /// <summary>The store and the run recorded in it.</summary>
    private sealed record StoreRun(IIngestStore Store, long Id);

    public async Task<IngestSummary> RunAsync(IReadOnlyList<IngestSource> sources, IIngestProgress progress, CancellationToken cancellationToken)
    {
        var plan = InputFiles.Plan(sources);
        var readable = plan.Where(p => p.Channel is not null).ToList();
        progress.Planned(readable.Count, readable.Sum(p => p.Length));

        var started = time.GetTimestamp();
        var inputs = sources.Select(s => s.Path).ToList();
        var startedAt = time.GetUtcNow();
        var run = Task.Run(() => BeginRunAsync(inputs, startedAt, cancellationToken), CancellationToken.None);
        var files = new List<FileSummary>(plan.Count);
        var newDays = new HashSet<DateOnly>();
        var status = RunStatus.Failed;
        try
        {
            foreach (var file in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var summary = file switch
                {
                    { Refused: { } refused } => new FileSummary(file.Path, null, 0, 0, 0, 0, refused, Skipped: true),
                    { Channel: { } channel } => await IngestFileAsync(run, file, channel, newDays, progress, cancellationToken).ConfigureAwait(false),
                    _ => new FileSummary(file.Path, null, 0, 0, 0, 0, "not an input type (.csv, .tsv, .eml, .mbox, .txt, .vtt, .json, .jsonl, each also as .gz, and .zip archives of them); skipped", Skipped: true),
                };
                if (file.Refused is not null)
                {
                    logger.LogWarning("Skipped {Path}: {Reason}", summary.Path, summary.Error);
                }
                else if (summary.Skipped)
                {
                    logger.LogInformation("Skipped {Path}: {Reason}", summary.Path, summary.Error);
                }

                files.Add(summary);
                progress.FileFinished(summary);
            }

            status = RunStatus.Completed;
        }
        catch (OperationCanceledException)
        {
            status = RunStatus.Cancelled;
            throw;
        }
        finally
        {
            await CompleteRunAsync(run, files, status, started).ConfigureAwait(false);
        }

        return new IngestSummary((await run.ConfigureAwait(false)).Id, files, time.GetElapsedTime(started), newDays);
    }

    /// <summary>Opens the store (when it is still opening) and records the start of the run.</summary>
    private async Task<StoreRun> BeginRunAsync(IReadOnlyList<string> inputs, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var opened = await store.ConfigureAwait(false);
        return new StoreRun(opened, await opened.BeginRunAsync("ingest", inputs, startedAt, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Records the end of the run. When the run was never recorded (the store did not open, or the start could not be
    /// written), a completed run throws that failure, and a failed one keeps its own failure and leaves this one in the log.
    /// </summary>
    private async Task CompleteRunAsync(Task<StoreRun> run, List<FileSummary> files, RunStatus status, long started)
    {
        StoreRun begun;
        try
        {
            begun = await run.ConfigureAwait(false);
        }
        catch (Exception ex) when (status != RunStatus.Completed)
        {
            // Also when the reading stopped on this very failure (a batch waited for the store): logged at debug, not twice.
            logger.LogDebug(ex, "The run was not recorded: {Message}", ex.Message);
            return;
        }

        var counts = new IngestSummary(begun.Id, files, time.GetElapsedTime(started), []).Counts;
        try
        {
            await begun.Store.CompleteRunAsync(begun.Id, counts, status, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (status != RunStatus.Completed)
        {
            // The run already failed; that failure is the one to report, not this follow-up.
            logger.LogWarning(ex, "Could not record the end of run {RunId}: {Message}", begun.Id, ex.Message);
        }
    }

    /// <param name="newDays">Gets the UTC day of every interaction of each batch that stored at least one new interaction.</param>
    /// <param name="run">The run's start in the store; the first batch is read before it is awaited.</param>
    private async Task<FileSummary> IngestFileAsync(Task<StoreRun> run, InputFiles.PlannedFile file, Channel channel, HashSet<DateOnly> newDays, IIngestProgress progress, CancellationToken cancellationToken)
    {
        progress.FileStarted(file.Path, file.Length);
        long read = 0, rejected = 0;
        var written = default(WriteResult);
        var batch = new List<Interaction>(options.BatchSize);
        var spare = new List<Interaction>(options.BatchSize);
        var quarantine = new List<QuarantinedItem>();

        // The store writes one batch while the next is read: reading, redacting and hashing take one core, the
        // store's insert the other. At most two batches are in hand (the one written, the one filling).
        Task<WriteResult>? writing = null;
        List<Interaction>? inWrite = null;

        async Task DrainAsync()
        {
            if (writing is not null)
            {
                var task = writing;
                writing = null;
                var result = await task.ConfigureAwait(false);
                written += result;
                if (result.Stored > 0)
                {
                    foreach (var interaction in inWrite!)
                    {
                        newDays.Add(DateOnly.FromDateTime(interaction.ReceivedAt.UtcDateTime));
                    }
                }

                inWrite!.Clear();
                spare = inWrite;
                inWrite = null;
            }
        }

        async Task FlushAsync()
        {
            await DrainAsync().ConfigureAwait(false);
            if (quarantine.Count == 0 && batch.Count == 0)
            {
                return;
            }

            var (target, runId) = await run.ConfigureAwait(false);
            if (quarantine.Count > 0)
            {
                await target.QuarantineAsync(runId, quarantine, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                quarantine.Clear();
            }

            if (batch.Count > 0)
            {
                var full = batch;
                batch = spare;
                inWrite = full;
                writing = Task.Run(() => target.WriteAsync(runId, full, cancellationToken), cancellationToken);
            }
        }

        string? error = null;
        try
        {
            await using var input = InputFiles.Open(file);

            var reader = readers.ReaderFor(file.Path, channel, file.Mapping);
            await using var outcomes = reader.ReadAsync(file.Path, input.Content, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await InputFiles.NextAsync(outcomes, file.Path).ConfigureAwait(false))
            {
                var outcome = outcomes.Current;
                read++;
                switch (outcome)
                {
                    case ReadOutcome.Accepted accepted:
                        batch.Add(factory.Create(accepted.Record, file.Language));
                        break;
                    case ReadOutcome.Rejected { Item: var item }:
                        rejected++;
                        quarantine.Add(new QuarantinedItem(StoredText.WithoutNul(item.Source), StoredText.WithoutNul(item.Reason)!, StoredText.WithoutNul(PiiRedactor.Redact(item.Raw))));
                        if (rejected <= LoggedRejectionsPerFile)
                        {
                            logger.LogWarning("Quarantined {Source}: {Reason}", item.Source, item.Reason);
                        }

                        break;
                }

                if (batch.Count >= options.BatchSize || quarantine.Count >= options.BatchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                    progress.Advanced(file.Path, input.Position, read);
                }
            }

            await FlushAsync().ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            progress.Advanced(file.Path, file.Length, read);
            if (rejected > LoggedRejectionsPerFile)
            {
                logger.LogWarning("{Path}: {More} more items quarantined; list them all with: quarantine --run {RunId}", file.Path, rejected - LoggedRejectionsPerFile, (await run.ConfigureAwait(false)).Id);
            }
        }
        catch (UnreadableSourceException ex)
        {
            // Keep what was read before the point of failure; the file's error names it.
            await FlushAsync().ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            error = ex.Reason;
            logger.LogError("Cannot read {Path}: {Reason}", file.Path, ex.Reason);
            if (ex.InnerException is not null)
            {
                logger.LogDebug(ex.InnerException, "Cause of the read failure of {Path}", file.Path);
            }
        }
        finally
        {
            // A failure of the reading side (or a cancellation) leaves no write running behind the stage's back.
            if (writing is not null)
            {
                try
                {
                    await writing.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "The batch being written to the store when {Path} failed was not stored: {Message}", file.Path, ex.Message);
                }
            }
        }

        return new FileSummary(file.Path, channel, read, written.Stored, written.Duplicates, rejected, error);
    }
}
