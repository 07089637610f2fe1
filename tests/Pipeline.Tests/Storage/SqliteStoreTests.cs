using Microsoft.Data.Sqlite;
using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class SqliteStoreTests : InteractionStoreContract
{
    protected override Task<IInteractionStore> OpenStoreAsync() =>
        StoreFactory.OpenAsync("sqlite:" + Path.Combine(TestPaths.NewScratch("sqlite"), "store.db"), CancellationToken.None);

    [Test]
    public async Task Open_NewStore_Uses16KbPages()
    {
        var path = Path.Combine(TestPaths.NewScratch("sqlite-pages"), "store.db");
        await using (await StoreFactory.OpenAsync("sqlite:" + path, CancellationToken.None))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        Assert.That(Convert.ToInt64(await command.ExecuteScalarAsync()), Is.EqualTo(16384));
    }
}
