using Npgsql;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>
/// The PostgreSQL store's monthly partitions (migration 0006): each interaction and its score in the month of its
/// received time (UTC), ids unique across the months, claims walking the months in order, and a store made before the
/// partitions moved into them whole. Ingest makes a month's interactions partition, scoring its scores partition (0013).
/// </summary>
public class PostgresPartitionTests
{
    private static readonly DateTimeOffset NewYear = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task WriteAsync_InteractionsOfSeveralMonths_EachLandsWithItsScoreInItsMonth()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        Interaction[] batch =
        [
            Some.Interaction(at: NewYear.AddMinutes(-30)),

            // 2020-01-01 00:30 UTC, written in New York's offset (still 2019-12-31 there): the month is the UTC one.
            Some.Interaction(at: NewYear.AddMinutes(30).ToOffset(TimeSpan.FromHours(-5))),
            Some.Interaction(at: new DateTimeOffset(2020, 3, 15, 8, 0, 0, TimeSpan.Zero)),
        ];

        await store.WriteAsync(run, batch, CancellationToken.None);
        await using (var claim = await store.ClaimUnscoredAsync("v1", 10, null, CancellationToken.None))
        {
            await claim.CommitAsync(claim.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        var interactions = await PartitionsAsync(connection, "SELECT id, tableoid::regclass::text FROM interactions");
        var scores = await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores");
        Assert.That(batch.Select(i => interactions[i.Id]), Is.EqualTo(new[] { "interactions_y2019m12", "interactions_y2020m01", "interactions_y2020m03" }));
        Assert.That(scores, Is.EquivalentTo(interactions.ToDictionary(p => p.Key, p => p.Value.Replace("interactions_", "scores_", StringComparison.Ordinal))));
        Assert.That(await PartitionsAsync(connection, "SELECT relname, relname FROM pg_class WHERE relname LIKE 'interactions_y%' AND relkind = 'r'"), Has.Count.EqualTo(3), "February has no data and no partition");
        Assert.That(await CompressionsAsync(connection), Is.EqualTo(await Lz4Async(connection) ? new[] { "l" } : new[] { string.Empty }), "a new month's text and metadata take lz4 where the server has it");
    }

    [Test]
    public async Task WriteAsync_NewMonths_MakesTheirInteractionsPartitionsAndLeavesTheScoresPartitionsToScoring()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);

        await store.WriteAsync(run, [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddMonths(2))], CancellationToken.None);
        var afterIngest = await MonthTablesAsync(connection);
        await store.PrepareScoringAsync(CancellationToken.None);

        Assert.That(afterIngest, Is.EqualTo(new[] { "interactions_y2020m01", "interactions_y2020m03" }));
        Assert.That(await MonthTablesAsync(connection), Is.EqualTo(new[] { "interactions_y2020m01", "interactions_y2020m03", "scores_y2020m01", "scores_y2020m03" }));
    }

    [Test]
    public async Task ClaimUnscoredAsync_AMonthIngestedAfterThePreparation_MakesItsScoresPartitionAndCommits()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run, [Some.Interaction(at: NewYear)], CancellationToken.None);
        await store.PrepareScoringAsync(CancellationToken.None);
        var later = Some.Interaction(at: NewYear.AddMonths(5));
        await store.WriteAsync(run, [later], CancellationToken.None);

        await using (var claim = await store.ClaimUnscoredAsync("v1", 10, null, CancellationToken.None))
        {
            Assert.That(claim.Interactions, Has.Count.EqualTo(2));
            await claim.CommitAsync(claim.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        var scores = await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores");
        Assert.That(scores[later.Id], Is.EqualTo("scores_y2020m06"));
    }

    [Test]
    public async Task ClaimUnscoredAsync_ANewMonthWhileABatchIsInHand_MakesThePartitionBesideIt()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        Interaction[] january = [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddDays(1))];
        await store.WriteAsync(run, january, CancellationToken.None);
        await store.PrepareScoringAsync(CancellationToken.None);
        var later = Some.Interaction(at: NewYear.AddMonths(3));
        await store.WriteAsync(run, [later], CancellationToken.None);
        await using var inHand = await store.ClaimUnscoredAsync("v1", 1, null, CancellationToken.None);

        // As the score stage does: the next claim starts while the batch before is scored, and that batch's commit is
        // started before the next claim is awaited. The new month's partition is made by the commit of the batch that
        // holds it, while the batch before still holds its lock on scores.
        var next = store.ClaimUnscoredAsync("v1", 10, inHand.Cursor, CancellationToken.None);
        await inHand.CommitAsync(inHand.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        await using var claimed = await next;

        Assert.That(inHand.Interactions.Select(i => i.Id), Is.EqualTo(new[] { january[0].Id }));
        Assert.That(claimed.Interactions.Select(i => i.Id), Is.EqualTo(new[] { january[1].Id, later.Id }));
        await claimed.CommitAsync(claimed.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        Assert.That((await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores"))[later.Id], Is.EqualTo("scores_y2020m04"));
    }

    [Test]
    public async Task PrepareScoringAsync_WhileAnotherWorkerHoldsABatch_MakesTheNewMonthWithoutWaitingForIt()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var worker = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await worker.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        var january = Some.Interaction(at: NewYear);
        await worker.WriteAsync(run, [january], CancellationToken.None);
        await worker.PrepareScoringAsync(CancellationToken.None);
        await worker.WriteAsync(run, [Some.Interaction(at: NewYear.AddMonths(4))], CancellationToken.None);
        await using var inHand = await worker.ClaimUnscoredAsync("v1", 1, null, CancellationToken.None);

        // Another process, whose statements give up after a second's wait for a lock. A batch in hand holds its lock on
        // scores until it commits; a partition made with PARTITION OF waited for that (and held up every claim meanwhile).
        await using var other = await StoreFactory.OpenAsync("postgres:" + connection + ";Options=-c lock_timeout=1000", CancellationToken.None);
        await other.PrepareScoringAsync(CancellationToken.None);

        Assert.That(await MonthTablesAsync(connection), Does.Contain("scores_y2020m05"));
        Assert.That(inHand.Interactions.Select(i => i.Id), Is.EqualTo(new[] { january.Id }));
        await inHand.CommitAsync(inHand.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        Assert.That((await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores"))[january.Id], Is.EqualTo("scores_y2020m01"));
    }

    [Test]
    public async Task ClaimUnscoredAsync_NoScoresPartitionsYet_ClaimsAndItsCommitMakesThem()
    {
        // The score stage claims its first batches while the partitions are still being made (or, here, before anyone
        // started making them): the commit waits for what its scores need.
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        Interaction[] batch = [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddMonths(1))];
        await store.WriteAsync(run, batch, CancellationToken.None);

        await using (var claim = await store.ClaimUnscoredAsync("v1", 10, null, CancellationToken.None))
        {
            Assert.That(await MonthTablesAsync(connection), Has.None.StartsWith("scores_"), "claimed before any scores partition exists");
            Assert.That(claim.Interactions, Has.Count.EqualTo(2));
            await claim.CommitAsync(claim.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        var scores = await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores");
        Assert.That(batch.Select(i => scores[i.Id]), Is.EqualTo(new[] { "scores_y2020m01", "scores_y2020m02" }));
    }

    [Test]
    public async Task ClaimUnscoredAsync_AStoreRecordedAsScoredWhole_ReadsNoneOfItsInteractions()
    {
        // A worker scores every five minutes. Over a store scored whole, each run looked every interaction's score up
        // to find none missing (5 s at 1M, minutes at 10M); the months recorded as whole are now passed by.
        var connection = await TestPostgres.CreateDatabaseAsync();
        const int Interactions = 150;
        await using (var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None))
        {
            await WriteRunAsync(store, Enumerable.Range(0, Interactions).Select(h => Some.Interaction(at: NewYear.AddHours(15 * h))));
            await ScoreAllAsync(store, "v1");
            await store.RecordScoredAsync("v1", CancellationToken.None);
        }

        // The scoring's reads are reported as its server processes exit; then the next run's process.
        var before = await RowsReadAsync(connection, settled: true);
        await using (var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None))
        {
            await using (var claim = await store.ClaimUnscoredAsync("v1", 100, null, CancellationToken.None))
            {
                Assert.That(claim.Interactions, Is.Empty);
            }

            await store.DisposeAsync();
            Assert.That(await RowsReadAsync(connection, settled: true) - before, Is.LessThan(Interactions / 10),
                "rows of the months' partitions read by the claim (each interaction's score was looked up before)");
        }

        Assert.That(await PartitionsAsync(connection, "SELECT to_char(month AT TIME ZONE 'UTC', 'YYYY-MM'), version_key FROM score_months_done"),
            Is.EquivalentTo(new Dictionary<string, string> { ["2020-01"] = "v1", ["2020-02"] = "v1", ["2020-03"] = "v1", ["2020-04"] = "v1" }));
    }

    [Test]
    public async Task WriteAsync_IntoAMonthScoredWhole_TheNextRunScoresIt()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        await WriteRunAsync(store, [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddMonths(1))]);
        await ScoreAllAsync(store, "v1");
        await store.RecordScoredAsync("v1", CancellationToken.None);

        var late = Some.Interaction(at: NewYear.AddDays(20));
        await WriteRunAsync(store, [late]);

        Assert.That(await ScoreAllAsync(store, "v1"), Is.EqualTo(new[] { late.Id }));
        await store.RecordScoredAsync("v1", CancellationToken.None);
        Assert.That(await ScoreAllAsync(store, "v1"), Is.Empty);
        Assert.That(await PartitionsAsync(connection, "SELECT to_char(month AT TIME ZONE 'UTC', 'YYYY-MM'), version_key FROM score_months_done"),
            Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RecordScoredAsync_ThenAnotherVersionOrTheScoresRemoved_ClaimsEverythingAgain()
    {
        await using var store = await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);
        Interaction[] interactions = [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddMonths(3))];
        await WriteRunAsync(store, interactions);
        await ScoreAllAsync(store, "v1");
        await store.RecordScoredAsync("v1", CancellationToken.None);

        await using (var claim = await store.ClaimUnscoredAsync("v2", 10, null, CancellationToken.None))
        {
            Assert.That(claim.Interactions.Select(i => i.Id), Is.EquivalentTo(interactions.Select(i => i.Id)), "a month is whole for the version it was recorded for");
        }

        await store.DeleteScoresAsync(CancellationToken.None);
        Assert.That(await ScoreAllAsync(store, "v1"), Is.EquivalentTo(interactions.Select(i => i.Id)), "removing the scores removes the record");
    }

    [Test]
    public async Task RecordScoredAsync_ABatchStillInHand_LeavesItsMonthOpen()
    {
        await using var store = await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);
        Interaction[] january = [Some.Interaction(at: NewYear), Some.Interaction(at: NewYear.AddDays(1))];
        await WriteRunAsync(store, january);
        await using (var first = await store.ClaimUnscoredAsync("v1", 1, null, CancellationToken.None))
        {
            await first.CommitAsync(first.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        // Another worker holds January's second interaction, unscored: the month is not whole yet.
        await using (var inHand = await store.ClaimUnscoredAsync("v1", 10, null, CancellationToken.None))
        {
            Assert.That(inHand.Interactions.Select(i => i.Id), Is.EqualTo(new[] { january[1].Id }));
            await store.RecordScoredAsync("v1", CancellationToken.None);
        }

        Assert.That(await ScoreAllAsync(store, "v1"), Is.EqualTo(new[] { january[1].Id }));
    }

    [Test]
    public async Task PrepareScoringAsync_TwoProcessesAtOnce_MakeEachMonthOnce()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var first = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        await using var second = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);
        var run = await first.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await first.WriteAsync(run, Enumerable.Range(0, 24).Select(m => Some.Interaction(at: NewYear.AddMonths(m))).ToList(), CancellationToken.None);

        await Task.WhenAll(first.PrepareScoringAsync(CancellationToken.None), second.PrepareScoringAsync(CancellationToken.None));

        Assert.That((await MonthTablesAsync(connection)).Count(t => t.StartsWith("scores_", StringComparison.Ordinal)), Is.EqualTo(24));
    }

    [Test]
    public async Task WriteAsync_TheSameInteractionWithAnotherDate_IsADuplicate()
    {
        await using var store = await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        var original = Some.Interaction(at: NewYear);

        var first = await store.WriteAsync(run, [original], CancellationToken.None);
        var corrected = await store.WriteAsync(run, [original with { ReceivedAt = NewYear.AddMonths(2) }], CancellationToken.None);

        Assert.That((first.Stored, corrected.Stored, corrected.Duplicates), Is.EqualTo((1, 0, 1)), "one id, one interaction, whatever month it is re-exported with");
        Assert.That((await store.GetTotalsAsync(CancellationToken.None)).TotalInteractions, Is.EqualTo(1));
    }

    [Test]
    public async Task ClaimUnscoredAsync_InteractionsOverMonths_WalksThemInReceivedOrder()
    {
        await using var store = await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        var batch = Enumerable.Range(0, 9).Select(m => Some.Interaction(at: NewYear.AddMonths(8 - m).AddDays(m))).ToList();
        await store.WriteAsync(run, batch, CancellationToken.None);

        var claimed = new List<string>();
        string? cursor = null;
        while (true)
        {
            await using var claim = await store.ClaimUnscoredAsync("v1", 4, cursor, CancellationToken.None);
            if (claim.Interactions.Count == 0)
            {
                break;
            }

            claimed.AddRange(claim.Interactions.Select(i => i.Id));
            cursor = claim.Cursor;
            await claim.CommitAsync(claim.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        Assert.That(claimed, Is.EqualTo(batch.OrderBy(i => i.ReceivedAt).Select(i => i.Id)));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(100)]
    public async Task ClaimUnscoredAsync_MonthsYearsApart_FillsBatchesAcrossTheGapsAndClaimsEachOnce(int limit)
    {
        await using var store = await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        int[] monthsAfterNewYear = [0, 0, 1, 17, 17, 18, 59];
        var batch = monthsAfterNewYear.Select((m, i) => Some.Interaction(at: NewYear.AddMonths(m).AddDays(i))).ToList();
        await store.WriteAsync(run, batch, CancellationToken.None);

        var sizes = new List<int>();
        var claimed = new List<string>();
        string? cursor = null;
        while (true)
        {
            await using var claim = await store.ClaimUnscoredAsync("v1", limit, cursor, CancellationToken.None);
            if (claim.Interactions.Count == 0)
            {
                break;
            }

            sizes.Add(claim.Interactions.Count);
            claimed.AddRange(claim.Interactions.Select(i => i.Id));
            cursor = claim.Cursor;
            await claim.CommitAsync(claim.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        }

        Assert.That(claimed, Is.EqualTo(batch.OrderBy(i => i.ReceivedAt).Select(i => i.Id)));
        Assert.That(sizes.Take(sizes.Count - 1), Is.All.EqualTo(limit), "every batch but the last is full, whatever the gaps between months");
    }

    [Test]
    public async Task ClaimUnscoredAsync_AMonthFarLargerThanTheBatchNotYetAnalysed_ReadsAboutTheBatch()
    {
        // A store just written: no statistics yet (autovacuum analyses it later), so the planner expects a handful of rows
        // in the month and, left alone, sorts the whole month for every claim instead of walking its key to the limit.
        var connection = await TestPostgres.CreateDatabaseAsync();
        const int InTheMonth = 3000;
        const int Limit = 100;
        await using (var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None))
        {
            await WriteRunAsync(store, Enumerable.Range(0, InTheMonth).Select(m => Some.Interaction(at: NewYear.AddMinutes(m))));
            await store.PrepareScoringAsync(CancellationToken.None);
            var before = await RowsReadAsync(connection, settled: false);

            await using (var claim = await store.ClaimUnscoredAsync("v1", Limit, null, CancellationToken.None))
            {
                Assert.That(claim.Interactions, Has.Count.EqualTo(Limit));
                Assert.That(claim.Interactions.Select(i => i.ReceivedAt), Is.Ordered);
            }

            // Closing the store ends its server processes, and each reports what it read as it exits.
            await store.DisposeAsync();
            Assert.That(await RowsReadAsync(connection, settled: true) - before, Is.InRange(Limit, 2 * Limit),
                "rows of interactions_y2020m01 read by the claim");
        }
    }

    [Test]
    public async Task ClaimUnscoredAsync_TwoMonthsAlreadyScoredUnderAGenericPlan_FindsNothingLeftWithoutJoiningEachInteractionToEveryScore()
    {
        // A worker's scoring run after everything was scored walks the whole store and finds nothing. The claim is a prepared
        // statement, and after a few runs the server plans it once for any window (a generic plan), expecting a few dozen
        // rows. Written as an anti-join, that plan kept the window's scores in memory and compared each interaction with
        // all of them: seconds for 12,000 interactions, where looking each one's score up by its key takes tens of ms. The
        // test asks for the generic plan at once; the server's statement timeout is far above the one and far below the other.
        var connection = await TestPostgres.CreateDatabaseAsync();
        const int InTheMonths = 12_000;
        const int MonthsBefore = 40;
        await using (var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None))
        {
            // January and February, the two months of a claim's window, after forty months of one each: a plan for any
            // window weighs every month's partition.
            await WriteRunAsync(store, Enumerable.Range(1, MonthsBefore).Select(m => Some.Interaction(at: NewYear.AddMonths(-m)))
                .Concat(Enumerable.Range(0, InTheMonths).Select(m => Some.Interaction(at: NewYear.AddMinutes(7 * m)))));
            Assert.That(await ScoreAllAsync(store, "v1", limit: 2000), Has.Count.EqualTo(MonthsBefore + InTheMonths));
        }

        // As autovacuum leaves a store some time after its writes.
        await using (var raw = new NpgsqlConnection(connection))
        {
            await raw.OpenAsync();
            await ExecuteAsync(raw, "ANALYZE");
        }

        var generic = "postgres:" + connection + ";Auto Prepare Min Usages=1;Options=-c plan_cache_mode=force_generic_plan -c statement_timeout=1500";
        await using var again = await StoreFactory.OpenAsync(generic, CancellationToken.None);
        await using (var claim = await again.ClaimUnscoredAsync("v1", 1000, null, CancellationToken.None))
        {
            Assert.That(claim.Interactions, Is.Empty);
        }
    }

    [Test]
    public async Task MigrateAsync_AStoreMadeBeforeThePartitions_MovesEveryRowIntoItsMonth()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using (var raw = new NpgsqlConnection(connection))
        {
            await raw.OpenAsync();
            await ExecuteAsync(raw, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            var before = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Storage", "Migrations", "Postgres"), "*.sql")
                .Where(p => string.CompareOrdinal(Path.GetFileName(p), "0006") < 0).Order(StringComparer.Ordinal).ToList();
            Assert.That(before, Has.Count.EqualTo(5));
            foreach (var path in before)
            {
                await ExecuteAsync(raw, await File.ReadAllTextAsync(path));
                await ExecuteAsync(raw, $"INSERT INTO schema_migrations (version, name) VALUES ({int.Parse(Path.GetFileName(path)[..4], System.Globalization.CultureInfo.InvariantCulture)}, '{Path.GetFileNameWithoutExtension(path)}')");
            }

            await ExecuteAsync(raw, """
                INSERT INTO ingest_runs (kind, started_at, status, inputs) VALUES ('ingest', now(), 'completed', '[]');
                INSERT INTO interactions (id, channel, received_at, received_offset_min, text, has_text, language, source_path, source_locator, metadata, turns, run_id)
                SELECT 'old-' || n, 'email', timestamptz '2021-05-31 23:00:00+00' + n * interval '1 day', 0, 'text ' || n, true, 'en', 'old.mbox', 'message ' || n, '{}', '[]', 1
                FROM generate_series(0, 39) AS n;
                INSERT INTO scores (interaction_id, version_key, sentiment_class, sentiment_score, p_negative, p_neutral, p_positive, anger_level, anger_score,
                    anger_categories, anger_explanation, recent_contacts, scored_at)
                SELECT id, 'v1', 'negative', -0.5, 0.6, 0.3, 0.1, 'high', 5.5, '[]', 'high', 0, now() FROM interactions WHERE id < 'old-3';
                INSERT INTO priority_bumps (interaction_id, channel, rule, rule_version, priority, reason, anger_level, categories, terms, idempotency_key, status,
                    next_attempt_at, created_at)
                VALUES ('old-1', 'email', 'r', 'v1', 'urgent', 'angry', 'high', '[]', '[]', 'key-1', 'sent', now(), now());
                """);
        }

        await using var store = await StoreFactory.OpenAsync("postgres:" + connection, CancellationToken.None);

        var interactions = await PartitionsAsync(connection, "SELECT id, tableoid::regclass::text FROM interactions");
        var scores = await PartitionsAsync(connection, "SELECT interaction_id, tableoid::regclass::text FROM scores");
        Assert.That(interactions, Has.Count.EqualTo(40));
        Assert.That(interactions["old-0"], Is.EqualTo("interactions_y2021m05"));
        Assert.That(interactions.Values.Distinct().Order(), Is.EqualTo(new[] { "interactions_y2021m05", "interactions_y2021m06", "interactions_y2021m07" }));
        Assert.That(scores.Keys, Is.EquivalentTo(interactions.Keys.Where(id => string.CompareOrdinal(id, "old-3") < 0)));
        Assert.That(scores["old-1"], Is.EqualTo(interactions["old-1"].Replace("interactions_", "scores_", StringComparison.Ordinal)));
        await using var claim = await store.ClaimUnscoredAsync("v1", 100, null, CancellationToken.None);
        Assert.That(claim.Interactions, Has.Count.EqualTo(40 - scores.Count), "what had a score keeps it");
        Assert.That(await CompressionsAsync(connection), Is.EqualTo(await Lz4Async(connection) ? new[] { "l" } : new[] { string.Empty }), "the months made by the migration compress with lz4 too");
    }

    /// <summary>The distinct compressions of the text and metadata columns of every month's interactions.</summary>
    private static async Task<string[]> CompressionsAsync(string connectionString) =>
        [.. (await PartitionsAsync(connectionString, """
            SELECT DISTINCT a.attcompression::text, a.attcompression::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relname LIKE 'interactions_y%' AND c.relkind = 'r' AND a.attname IN ('text', 'metadata')
            """)).Keys.Order(StringComparer.Ordinal)];

    private static async Task<bool> Lz4Async(string connectionString) =>
        (await PartitionsAsync(connectionString, "SELECT ('lz4' = ANY (enumvals))::text, '' FROM pg_settings WHERE name = 'default_toast_compression'")).ContainsKey("true");

    /// <summary>
    /// Rows of the month partitions read so far (by scans and index fetches), from the server's statistics. Settled: waits
    /// until no other process is connected to the database and the figure has stopped moving, since an exiting process
    /// reports its reads on its way out.
    /// </summary>
    private static async Task<long> RowsReadAsync(string connectionString, bool settled)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long? last = null;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (settled && await ScalarAsync(connection, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") > 0)
            {
                await Task.Delay(50);
                continue;
            }

            // Each statement its own transaction, so each reads the statistics afresh.
            var read = await ScalarAsync(connection, """
                SELECT coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)::bigint
                FROM pg_stat_user_tables WHERE relname LIKE 'interactions_y%'
                """);
            if (!settled || read == last)
            {
                return read;
            }

            last = read;
            await Task.Delay(100);
        }

        throw new TimeoutException("The server's statistics did not settle within a minute.");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Claims and commits batches of <paramref name="version"/> until none is left; returns the ids scored, in order.</summary>
    private static async Task<List<string>> ScoreAllAsync(IInteractionStore store, string version, int limit = 100)
    {
        var scored = new List<string>();
        string? after = null;
        while (true)
        {
            await using var claim = await store.ClaimUnscoredAsync(version, limit, after, CancellationToken.None);
            if (claim.Interactions.Count == 0)
            {
                return scored;
            }

            after = claim.Cursor;
            scored.AddRange(claim.Interactions.Select(i => i.Id));
            await claim.CommitAsync(claim.Interactions.Select(i => Outbox.Score(i) with { VersionKey = version }).ToList(), [], CancellationToken.None);
        }
    }

    /// <summary>Writes <paramref name="interactions"/> as one batch of a run of their own.</summary>
    private static async Task WriteRunAsync(IInteractionStore store, IEnumerable<Interaction> interactions)
    {
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        await store.WriteAsync(run, interactions.ToList(), CancellationToken.None);
    }

    /// <summary>The month partitions of both tables, by name.</summary>
    private static async Task<string[]> MonthTablesAsync(string connectionString) =>
        [.. (await PartitionsAsync(connectionString, "SELECT relname, relname FROM pg_class WHERE relname ~ '^(interactions|scores)_y[0-9]{4}m[0-9]{2}$' AND relkind = 'r'"))
            .Keys.Order(StringComparer.Ordinal)];

    private static async Task<Dictionary<string, string>> PartitionsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
