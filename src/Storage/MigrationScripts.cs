using System.Reflection;

namespace Pipeline.Storage;

/// <summary>
/// The versioned schema migrations, embedded as <c>Migrations/&lt;Engine&gt;/NNNN_name.sql</c>.
/// Each store applies the ones it has not recorded in <c>schema_migrations</c>, in order, at start, after checking the
/// recorded ones against their scripts' checksums (<see cref="MigrationCheck"/>).
/// </summary>
internal static class MigrationScripts
{
    public sealed record Script(int Version, string Name, string Sql)
    {
        /// <summary>What <c>schema_migrations</c> records of the script, to notice it edited after it ran.</summary>
        public string Checksum { get; } = MigrationCheck.Checksum(Sql);
    }

    public static IReadOnlyList<Script> For(string engine)
    {
        var scripts = Embedded($"Migrations.{engine}.");
        return scripts.Count > 0 ? scripts : throw new InvalidOperationException($"No migrations embedded for {engine}.");
    }

    /// <summary>
    /// The schema the migrations up to <see cref="Script.Version"/> make, at once, embedded as
    /// <c>Migrations/&lt;Engine&gt;Schema/NNNN_schema.sql</c>: what a store applies to a database with no migration
    /// recorded, instead of those migrations (the latest such file; <c>null</c> when the engine has none). Its
    /// <see cref="Script.Name"/> is the file's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file stands for a migration this build does not have.</exception>
    public static Script? Schema(string engine, IReadOnlyList<Script> migrations)
    {
        var schema = Embedded($"Migrations.{engine}Schema.").LastOrDefault();
        return schema is null || migrations.Any(m => m.Version == schema.Version)
            ? schema
            : throw new InvalidOperationException($"The {engine} schema {schema.Name} stands for migration {schema.Version}, which this build does not have.");
    }

    /// <summary>The scripts embedded under <paramref name="folder"/> (<c>Migrations.Postgres.</c>), in the order of their names, each versioned by its name's first four digits.</summary>
    private static List<Script> Embedded(string folder)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"{assembly.GetName().Name}.{folder}";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var fileName = resource[prefix.Length..];
            var version = int.Parse(fileName.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd()));
        }

        return scripts;
    }
}
