using Microsoft.Data.Sqlite;
using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class SqliteStoreTests : InteractionStoreContract
{
    private string? _path;

    protected override Task<IInteractionStore> OpenStoreAsync()
    {
        _path = Path.Combine(TestPaths.NewScratch("sqlite"), "store.db");
        return StoreFactory.OpenAsync("sqlite:" + _path, CancellationToken.None);
    }

    protected override string Setting => "sqlite:" + (_path ?? throw new InvalidOperationException("No store was opened."));

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

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
