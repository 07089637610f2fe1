using Npgsql;

namespace Pipeline.Tests.Support;

/// <summary>
/// The private PostgreSQL cluster that test.sh starts (connection string in PIPELINE_TEST_POSTGRES).
/// Without it a test is ignored locally and fails under CI=true. Each caller gets a fresh database.
/// </summary>
public static class TestPostgres
{
    public static string? ServerConnectionString => Environment.GetEnvironmentVariable("PIPELINE_TEST_POSTGRES");

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = ServerConnectionString;
        if (string.IsNullOrEmpty(server))
        {
            const string message = "PIPELINE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a private PostgreSQL.";
            if (IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return await CreateDatabaseAsync(server);
    }

    /// <summary>Creates an empty database on <paramref name="server"/> (a connection string to one of its databases) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "pipeline_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }
}
