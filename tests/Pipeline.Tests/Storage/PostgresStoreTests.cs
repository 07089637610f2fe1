using Npgsql;
using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Storage.Postgres;
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

    protected override string Setting => "postgres:" + (_connection ?? throw new InvalidOperationException("No store was opened."));

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

    [TestCase("", "off", "\"$user\", public")]
    [TestCase(";Options=-c search_path=pg_catalog", "off", "pg_catalog")]
    [TestCase(";Options=-c jit=on", "on", "\"$user\", public")]
    public async Task WithDefaults_OnTheServer_SessionsStartWithTheOptions(string written, string jit, string searchPath)
    {
        var server = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(PostgresInteractionStore.WithDefaults(server + written));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('jit'), current_setting('search_path')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);

        Assert.That((reader.GetString(0), reader.GetString(1)), Is.EqualTo((jit, searchPath)));
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
        Assert.That(await StoredScores.ListAsync(Setting), Has.Count.EqualTo(10));
    }
}
