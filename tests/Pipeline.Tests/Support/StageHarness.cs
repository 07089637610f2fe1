using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Storage;
using Pipeline.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Privacy;
using Pipeline.Ingest.Transcripts;
using Pipeline.Storage;

namespace Pipeline.Tests.Support;

/// <summary>Builds the ingest stage over a real store, as the CLI does, with a fixed customer key.</summary>
public static class StageHarness
{
    public static readonly byte[] CustomerKey = "test key of at least sixteen bytes"u8.ToArray();

    public static Task<IInteractionStore> SqliteAsync() => StoreFactory.OpenAsync(NewSqliteStore(), CancellationToken.None);

    /// <summary>A new SQLite store in a scratch folder, as <c>--store</c> names it (for <see cref="StoredScores"/>).</summary>
    public static string NewSqliteStore() => "sqlite:" + Path.Combine(TestPaths.NewScratch("store"), "store.db");

    public static async Task<IInteractionStore> PostgresAsync() =>
        await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);

    public static IngestStage Stage(IInteractionStore store, int batchSize = 1000, TimeProvider? time = null) =>
        Stage(Task.FromResult<IIngestStore>(store), batchSize, time);

    /// <summary>The stage over a store that may still be opening (as the CLI's ingest starts it).</summary>
    public static IngestStage Stage(Task<IIngestStore> store, int batchSize = 1000, TimeProvider? time = null) => new(
        store,
        new ReaderCatalog(new EmailOptions(), new TranscriptOptions()),
        new InteractionFactory(new CustomerKeyHasher(CustomerKey)),
        new IngestOptions { BatchSize = batchSize },
        time ?? TimeProvider.System,
        NullLogger<IngestStage>.Instance);

    public static Task<IngestSummary> IngestAsync(IInteractionStore store, params IngestSource[] sources) =>
        Stage(store).RunAsync(sources, NoProgress.Instance, CancellationToken.None);

    /// <summary>The shipped sample as `run` ingests it (see appsettings.json).</summary>
    public static IngestSource[] ShippedSample =>
    [
        new(Path.Combine(TestPaths.Data, "complaints")),
        new(Path.Combine(TestPaths.Data, "complaints-mmddyy"), Mapping: Path.Combine(TestPaths.Data, "mappings", "cfpb-mmddyy-none.json")),
        new(Path.Combine(TestPaths.Data, "emails")),
        new(Path.Combine(TestPaths.Data, "transcripts")),
    ];
}
