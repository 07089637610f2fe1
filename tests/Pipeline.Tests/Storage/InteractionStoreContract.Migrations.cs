using Pipeline.Core;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>The contract's migration checks: every applied migration is recorded with its script's checksum.</summary>
public abstract partial class InteractionStoreContract
{
    /// <summary>Runs SQL on the store the test opened, behind its back (what an operator or an older build may have done).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    /// <summary>The first column of the first row of a query on the store the test opened.</summary>
    protected abstract Task<long> CountAsync(string sql);

    [Test]
    public async Task MigrateAsync_NewStore_RecordsEveryMigrationWithItsChecksum()
    {
        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations WHERE checksum IS NULL OR length(checksum) <> 64"), Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations"), Is.GreaterThan(5));
    }

    [Test]
    public async Task MigrateAsync_AnAppliedMigrationEdited_FailsNamingIt()
    {
        await ExecuteSqlAsync("UPDATE schema_migrations SET checksum = 'c0ffee' || substr(checksum, 7) WHERE version IN (2, 3)");

        var ex = Assert.ThrowsAsync<MigrationMismatchException>(() => Store.MigrateAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("0002_customer_identifiers was applied from another script (checksum c0ffee").And.Contain("0003_scores"),
            "every edited migration, at once");
        Assert.That(ex.Message, Does.Contain("a migration that already ran was edited"));
    }

    [Test]
    public async Task MigrateAsync_AMigrationThisBuildLacks_FailsSayingANewerBuildMadeTheStore()
    {
        await ExecuteSqlAsync("INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (9001, '9001_from_the_future', '2030-01-01T00:00:00Z', 'x')");

        var ex = Assert.ThrowsAsync<MigrationMismatchException>(() => Store.MigrateAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("9001_from_the_future (version 9001)").And.Contain("newer version of the pipeline"));
    }

    [Test]
    public async Task MigrateAsync_AStoreFromBeforeTheKeptCounts_CountsWhatItHolds()
    {
        var run = await RunAsync();
        await Store.WriteAsync(run,
        [
            Some.Interaction(channel: Channel.Email, customer: "cust_a"),
            Some.Interaction(channel: Channel.Email, text: null, customer: null),
            Some.Interaction(channel: Channel.Complaint, customer: null),
        ], CancellationToken.None);
        // The store as a build before the kept counts left it.
        await ExecuteSqlAsync("DROP TABLE interaction_counts");
        await ExecuteSqlAsync("DELETE FROM schema_migrations WHERE name LIKE '%_interaction_counts'");

        await Store.MigrateAsync(CancellationToken.None);

        var totals = await Store.GetTotalsAsync(CancellationToken.None);
        Assert.That(totals.Interactions, Is.EquivalentTo(new Dictionary<Channel, long> { [Channel.Email] = 2, [Channel.Complaint] = 1 }));
        Assert.That(totals.WithText, Is.EqualTo(2));
    }

    [Test]
    public async Task MigrateAsync_AStoreRecordedWithoutChecksums_GetsThemAndOpens()
    {
        await ExecuteSqlAsync("UPDATE schema_migrations SET checksum = NULL");

        await Store.MigrateAsync(CancellationToken.None);

        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations WHERE checksum IS NULL"), Is.Zero);
        await ExecuteSqlAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        Assert.ThrowsAsync<MigrationMismatchException>(() => Store.MigrateAsync(CancellationToken.None), "once recorded, an edit is noticed");
    }
}
