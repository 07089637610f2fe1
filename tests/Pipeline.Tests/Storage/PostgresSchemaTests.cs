using Npgsql;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>
/// A new PostgreSQL store is made by one script, Migrations/PostgresSchema, instead of the migrations it stands for; a
/// store with migrations recorded goes on through the migrations. Either way it must end with the catalogue the
/// migrations make: the script is a copy, and these tests are what keeps it one.
/// </summary>
public class PostgresSchemaTests
{
    /// <summary>The store's own table of applied migrations, as <c>MigrateAsync</c> makes it before any script.</summary>
    private const string SchemaMigrations = "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)";

    /// <summary>
    /// Everything a schema is made of, a row each, in the connection's schema: relations (with their kind, persistence,
    /// storage options and partition key), columns (in order, with type, NOT NULL, default, compression, storage and
    /// identity), constraints, indexes, sequences, functions (whole, bodies included), views, triggers and comments.
    /// </summary>
    private const string Catalogue = """
        SELECT d FROM (
          SELECT format('relation %s kind=%s persistence=%s options=%s partkey=%s', c.relname, c.relkind, c.relpersistence, c.reloptions,
                 CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END) AS d
          FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S', 'i', 'I')
          UNION ALL
          SELECT format('column %s.%s #%s %s notnull=%s default=%s compression=%s storage=%s identity=%s', c.relname, a.attname,
                 row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), format_type(a.atttypid, a.atttypmod), a.attnotnull,
                 pg_get_expr(ad.adbin, ad.adrelid), a.attcompression, a.attstorage, a.attidentity)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped
          UNION ALL
          SELECT format('constraint %s on %s: %s', co.conname, co.conrelid::regclass, pg_get_constraintdef(co.oid))
          FROM pg_constraint co WHERE co.connamespace = current_schema()::regnamespace
          UNION ALL
          SELECT format('index %s', pg_get_indexdef(i.indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relnamespace = current_schema()::regnamespace
          UNION ALL
          SELECT format('sequence %s', row(s.sequencename, s.data_type, s.start_value, s.min_value, s.max_value, s.increment_by, s.cycle, s.cache_size))
          FROM pg_sequences s WHERE s.schemaname = current_schema()
          UNION ALL
          SELECT format('function %s', pg_get_functiondef(p.oid)) FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
          UNION ALL
          SELECT format('view %s: %s', c.relname, pg_get_viewdef(c.oid)) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'v'
          UNION ALL
          SELECT format('trigger %s', pg_get_triggerdef(t.oid)) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
          UNION ALL
          SELECT format('comment %s', d.description) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = current_schema()::regnamespace
        ) x ORDER BY d
        """;

    /// <summary>
    /// "true" when the schema script made the store: the migrations make interaction_keys before the partitioned
    /// interactions (0006), the script after it, and object ids are handed out in order.
    /// </summary>
    private const string MadeByTheScript = "SELECT ('interactions'::regclass::oid < 'interaction_keys'::regclass::oid)::text";

    [Test]
    public async Task MigrateAsync_NewStore_MakesTheCatalogueOfTheMigrationsInOneScript()
    {
        var migrated = await TestPostgres.CreateDatabaseAsync();
        await ApplyMigrationsAsync(migrated, MigrationFiles());
        var created = await TestPostgres.CreateDatabaseAsync();

        await using (await StoreFactory.OpenAsync("postgres:" + created, CancellationToken.None))
        {
        }

        var expected = await RowsAsync(migrated, Catalogue);
        Assert.That(expected, Has.Count.GreaterThan(200), "the catalogue query reads the migrations' schema");
        Assert.That(await RowsAsync(created, Catalogue), Is.EqualTo(expected));
        Assert.That(await RowsAsync(created, "SELECT version || ' ' || name || ' ' || checksum FROM schema_migrations ORDER BY version"),
            Is.EqualTo(MigrationFiles().Select(f => $"{Version(f)} {Path.GetFileNameWithoutExtension(f)} {MigrationCheck.Checksum(File.ReadAllText(f))}")),
            "every migration the script stands for is recorded with its own checksum");

        Assert.That(await RowsAsync(created, MadeByTheScript), Is.EqualTo(new[] { "true" }),
            "the new store was made by the script");
        Assert.That(await RowsAsync(migrated, MadeByTheScript), Is.EqualTo(new[] { "false" }));
    }

    [TestCase(1)]
    [TestCase(15)]
    public async Task MigrateAsync_AStoreWithMigrationsRecorded_GoesOnThroughTheMigrationsToTheSameCatalogue(int recorded)
    {
        var files = MigrationFiles();
        var migrated = await TestPostgres.CreateDatabaseAsync();
        await ApplyMigrationsAsync(migrated, files);
        var older = await TestPostgres.CreateDatabaseAsync();
        await ApplyMigrationsAsync(older, files.Take(recorded));

        await using (await StoreFactory.OpenAsync("postgres:" + older, CancellationToken.None))
        {
        }

        Assert.That(await RowsAsync(older, Catalogue), Is.EqualTo(await RowsAsync(migrated, Catalogue)));
        Assert.That(await RowsAsync(older, "SELECT count(*)::text FROM schema_migrations"), Is.EqualTo(new[] { files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.That(await RowsAsync(older, MadeByTheScript), Is.EqualTo(new[] { "false" }),
            "the migrations made it, not the script");
    }

    /// <summary>The PostgreSQL migrations in the repository, in order.</summary>
    private static List<string> MigrationFiles() =>
        [.. Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Storage", "Migrations", "Postgres"), "*.sql").Order(StringComparer.Ordinal)];

    private static int Version(string path) => int.Parse(Path.GetFileName(path)[..4], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Applies <paramref name="files"/> one by one and records them, as a build that knew only those would have.</summary>
    private static async Task ApplyMigrationsAsync(string connectionString, IEnumerable<string> files)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, SchemaMigrations);
        foreach (var path in files)
        {
            var sql = await File.ReadAllTextAsync(path);
            await ExecuteAsync(connection, sql);
            await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, name, checksum) VALUES ({Version(path)}, '{Path.GetFileNameWithoutExtension(path)}', '{MigrationCheck.Checksum(sql)}')");
        }
    }

    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
