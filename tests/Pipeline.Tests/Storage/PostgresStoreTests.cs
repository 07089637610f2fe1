using Npgsql;
using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class PostgresStoreTests : InteractionStoreContract
{
    private string? _connection;

    protected override async Task<IInteractionStore> OpenStoreAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync();
        return await StoreFactory.OpenAsync("postgres:" + _connection, CancellationToken.None);
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task MigrateAsync_TwoProcessesAtOnce_BothSucceed()
    {
        var connection = "postgres:" + await TestPostgres.CreateDatabaseAsync();

        var stores = await Task.WhenAll(
            StoreFactory.OpenAsync(connection, CancellationToken.None),
            StoreFactory.OpenAsync(connection, CancellationToken.None),
            StoreFactory.OpenAsync(connection, CancellationToken.None));

        foreach (var store in stores)
        {
            Assert.That((await store.GetTotalsAsync(CancellationToken.None)).TotalInteractions, Is.Zero);
            await store.DisposeAsync();
        }
    }

    [Test]
    public async Task ClaimUnscoredAsync_TwoWorkersAtOnce_TakeDisjointBatches()
    {
        await using var store = await OpenStoreAsync();
        var run = await store.BeginRunAsync("test", [], DateTimeOffset.UtcNow, CancellationToken.None);
        var interactions = Enumerable.Range(0, 10).Select(_ => Some.Interaction()).ToList();
        await store.WriteAsync(run, interactions, CancellationToken.None);

        await using var first = await store.ClaimUnscoredAsync("v1", 6, null, CancellationToken.None);
        await using var second = await store.ClaimUnscoredAsync("v1", 6, null, CancellationToken.None);
        await second.CommitAsync(second.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        await first.CommitAsync(first.Interactions.Select(Outbox.Score).ToList(), [], CancellationToken.None);
        await using var third = await store.ClaimUnscoredAsync("v1", 6, null, CancellationToken.None);

        Assert.That(first.Interactions.Select(i => i.Id).Intersect(second.Interactions.Select(i => i.Id)), Is.Empty, "locked rows are skipped");
        Assert.That(first.Interactions.Count + second.Interactions.Count, Is.EqualTo(10));
        Assert.That(third.Interactions, Is.Empty);
        Assert.That(await store.ListScoresAsync(CancellationToken.None), Has.Count.EqualTo(10));
    }
}
