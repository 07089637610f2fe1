using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class PostgresStoreTests : InteractionStoreContract
{
    protected override async Task<IInteractionStore> OpenStoreAsync() =>
        await StoreFactory.OpenAsync("postgres:" + await TestPostgres.CreateDatabaseAsync(), CancellationToken.None);

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
}
