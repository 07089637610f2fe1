using Pipeline.Core.Ingest;
using Pipeline.Core.Scoring;

namespace Pipeline.Core.Storage;

/// <summary>
/// The one store every stage reads and writes. Implementations: SQLite (embedded default) and PostgreSQL. Each stage
/// sees only the role it needs: <see cref="IIngestStore"/> (ingest), <see cref="IScoringQueue"/> (score),
/// <see cref="IReportSource"/> (reports), <see cref="IInteractionSource"/> (model training), <see cref="IStoreAdmin"/>
/// (the CLI's listings and the store's own upkeep), <see cref="IWorkerHeartbeats"/> (the worker) and
/// <see cref="IStoreHealth"/> (the <c>health</c> verb).
/// </summary>
/// <remarks>
/// Writes are idempotent: an interaction whose <see cref="Interaction.Id"/> is already stored is counted
/// as a duplicate and left as it is. Failures propagate (a store failure stops the run with its message).
/// </remarks>
public interface IInteractionStore : IIngestStore, IScoringQueue, IReportSource, IScoredInteractionSource, IInteractionSource, IStoreAdmin, IWorkerHeartbeats, IStoreHealth, IAsyncDisposable;

/// <summary>The journal of ingest and scoring runs: what ran, on what, when, and how it ended.</summary>
public interface IRunJournal
{
    Task<long> BeginRunAsync(string kind, IReadOnlyList<string> inputs, DateTimeOffset startedAt, CancellationToken cancellationToken);

    Task CompleteRunAsync(long runId, RunCounts counts, RunStatus status, DateTimeOffset finishedAt, CancellationToken cancellationToken);
}

/// <summary>What the ingest stage needs: storing batches of interactions and setting bad items aside.</summary>
public interface IIngestStore : IRunJournal
{
    /// <summary>Stores a batch in one transaction; returns how many were new and how many were already there.</summary>
    Task<WriteResult> WriteAsync(long runId, IReadOnlyList<Interaction> batch, CancellationToken cancellationToken);

    /// <summary>Sets items aside with their reasons. The same item quarantined again for the same reason is kept once.</summary>
    Task QuarantineAsync(long runId, IReadOnlyList<QuarantinedItem> items, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What the score stage needs: claiming unscored interactions, the customers' contact times, starting over.</summary>
public interface IScoringQueue : IRunJournal
{
    /// <summary>
    /// Makes the store ready to take scores of every interaction it holds (PostgreSQL: the scores partitions of the months
    /// that have interactions; SQLite: nothing). The score stage starts it before its first claim and claims without waiting
    /// for it (it may start while the models load); a batch's commit waits for what its scores need, and makes ready a month
    /// ingested since. A call while one is under way in this process joins it.
    /// </summary>
    Task PrepareScoringAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> interactions without a score of <paramref name="versionKey"/> (in the store's
    /// claim order, skipping those another worker holds); score them and commit the batch. <paramref name="after"/>: the
    /// <see cref="IScoringBatch.Cursor"/> of the batch before in this run (<c>null</c> for the first), so each claim starts
    /// where the last one ended instead of passing every interaction scored so far again (a run's claims cost what its
    /// batches hold, not the store's size); one ingested meanwhile behind that cursor is scored by the next run.
    /// </summary>
    Task<IScoringBatch> ClaimUnscoredAsync(string versionKey, int limit, string? after, CancellationToken cancellationToken);

    /// <summary>
    /// When each of the customers made contact in [<paramref name="from"/>, <paramref name="until"/>), over all channels,
    /// oldest first. The window is what a batch's repeat-contact counts need: on PostgreSQL it limits the read to the
    /// months it covers (the planner looked at every month's index for each batch).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> ContactTimesAsync(IReadOnlyCollection<string> customerKeys, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Removes every score (so the next scoring run scores everything again); returns how many.</summary>
    Task<int> DeleteScoresAsync(CancellationToken cancellationToken);

    /// <summary>
    /// After a run that scored everything it found: records what the store can pass by in later runs of
    /// <paramref name="versionKey"/> (PostgreSQL: the months in which every interaction has a score of it, until an
    /// interaction is added there; SQLite: nothing, its walk of a scored store stays in the process, about a second a
    /// million interactions, where PostgreSQL's took five).
    /// </summary>
    Task RecordScoredAsync(string versionKey, CancellationToken cancellationToken);
}

/// <summary>Which store this is, for logs and reports.</summary>
public interface IStoreDescription
{
    /// <summary>A short description without secrets ("sqlite:pipeline.db", "postgres:host/db").</summary>
    string Description { get; }
}

/// <summary>What the weekly reports need: every interaction with its current score, and chosen interactions whole.</summary>
public interface IReportSource : IStoreDescription
{
    /// <summary>
    /// The interactions received in [<paramref name="from"/>, <paramref name="until"/>) with their current score (if
    /// any), in received order (UTC); <c>null</c> leaves that end open. Streams. A report reads only the weeks it
    /// compares, so its cost follows those weeks, not the store's size.
    /// </summary>
    IAsyncEnumerable<ReportRow> ReadReportRowsAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken cancellationToken);

    /// <summary>When the first interaction whose dominant topic is each of <paramref name="topics"/> was received (topics never seen are left out).</summary>
    Task<IReadOnlyDictionary<int, DateTimeOffset>> TopicFirstReceivedAsync(IReadOnlyCollection<int> topics, CancellationToken cancellationToken);

    /// <summary>When the first and the last interaction received before <paramref name="before"/> (<c>null</c>: any) were received; <c>null</c> when there is none.</summary>
    Task<ReceivedSpan?> ReceivedSpanAsync(DateTimeOffset? before, CancellationToken cancellationToken);

    /// <summary>The stored interactions with these ids (redacted text and all), in id order.</summary>
    Task<IReadOnlyList<Interaction>> ReadByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}

/// <summary>What the <c>export</c> verb reads: the <c>interaction_scores</c> view, and the topic labels it shows.</summary>
public interface IScoredInteractionSource : IStoreDescription
{
    /// <summary>
    /// The rows of <c>interaction_scores</c> received in [<paramref name="from"/>, <paramref name="until"/>) (<c>null</c>
    /// leaves that end open), in received order (UTC). Streams.
    /// </summary>
    IAsyncEnumerable<ScoredInteraction> ReadScoredAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the topic labels the view shows (<c>topic_labels</c>) by the current topic model's, so that an analyst's
    /// SQL and the exports name the topics as the reports do.
    /// </summary>
    Task SaveTopicLabelsAsync(IReadOnlyDictionary<int, string> labels, CancellationToken cancellationToken);
}

/// <summary>The stored interactions as a stream, for fitting models on them.</summary>
public interface IInteractionSource
{
    /// <summary>Interactions in received order (UTC), optionally of one channel. Streams; never loads the whole store.</summary>
    IAsyncEnumerable<Interaction> ReadAsync(Channel? channel, CancellationToken cancellationToken);
}

/// <summary>The store's upkeep and the CLI's listings (the store's summary, <c>runs</c>, <c>quarantine</c>).</summary>
public interface IStoreAdmin : IRunJournal, IStoreDescription
{
    /// <summary>Creates or upgrades the schema to the newest migration. Safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<StoreTotals> GetTotalsAsync(CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="last"/> runs of the journal (ingest and scoring), oldest first.</summary>
    Task<IReadOnlyList<IngestRun>> ListRunsAsync(int last, CancellationToken cancellationToken);

    Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(long? runId, CancellationToken cancellationToken);
}

public readonly record struct WriteResult(int Stored, int Duplicates)
{
    public static WriteResult operator +(WriteResult a, WriteResult b) => new(a.Stored + b.Stored, a.Duplicates + b.Duplicates);
}

/// <summary>The counts of one run, as shown in its summary.</summary>
public sealed record RunCounts(int Files, long RecordsRead, long Stored, long Duplicates, long Rejected, int UnreadableFiles);

public sealed record IngestRun(long Id, string Kind, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, RunStatus Status, IReadOnlyList<string> Inputs, RunCounts? Counts);

public sealed record QuarantineEntry(long RunId, SourceLocation Source, string Reason, string? Raw, DateTimeOffset At);

/// <summary>What the store holds, per channel.</summary>
public sealed record StoreTotals(IReadOnlyDictionary<Channel, long> Interactions, long WithText, long Customers, long Quarantined, long Runs)
{
    public long TotalInteractions => Interactions.Values.Sum();
}

/// <summary>The first and the last time an interaction was received (UTC).</summary>
public sealed record ReceivedSpan(DateTimeOffset First, DateTimeOffset Last);
