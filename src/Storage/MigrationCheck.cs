using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage;

/// <summary>
/// What a store's recorded migrations say against this build's scripts: which scripts to apply, which applied ones to
/// give the checksum they were recorded without (stores made before checksums), and every mismatch at once: a migration
/// that already ran was edited since, or the store holds a migration this build does not have (a newer build made it).
/// </summary>
public static class MigrationCheck
{
    /// <summary>A row of <c>schema_migrations</c>; <paramref name="Checksum"/> is <c>null</c> in rows recorded before checksums.</summary>
    public sealed record Applied(int Version, string Name, string? Checksum);

    /// <summary>The rows of a query of <c>version, name, checksum</c> from <c>schema_migrations</c>.</summary>
    internal static async Task<List<Applied>> ReadAppliedAsync(DbCommand query, CancellationToken cancellationToken)
    {
        var applied = new List<Applied>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied.Add(new Applied(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return applied;
    }

    /// <summary>The SHA-256 of a script, line endings made LF first (a checkout with CRLF is the same script).</summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    /// <exception cref="MigrationMismatchException">An applied migration was edited, or is unknown to this build.</exception>
    internal static (IReadOnlyList<MigrationScripts.Script> ToApply, IReadOnlyList<MigrationScripts.Script> ToRecord) Plan(
        IReadOnlyList<MigrationScripts.Script> scripts, IReadOnlyList<Applied> applied, string store)
    {
        var byVersion = scripts.ToDictionary(s => s.Version);
        var problems = new List<string>();
        var toRecord = new List<MigrationScripts.Script>();
        foreach (var row in applied.OrderBy(a => a.Version))
        {
            if (!byVersion.TryGetValue(row.Version, out var script))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"migration {row.Name} (version {row.Version}) was applied to this store, and this build does not have it: a newer version of the pipeline made the store; open it with that version."));
            }
            else if (row.Checksum is null)
            {
                toRecord.Add(script);
            }
            else if (!string.Equals(row.Checksum, script.Checksum, StringComparison.Ordinal))
            {
                problems.Add($"migration {script.Name} was applied from another script (checksum {Short(row.Checksum)}, this build's {Short(script.Checksum)}): a migration that already ran was edited. Restore it as it was and put the change in a new migration.");
            }
        }

        if (problems.Count > 0)
        {
            throw new MigrationMismatchException($"The schema of {store} does not match this build's migrations:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        var done = applied.Select(a => a.Version).ToHashSet();
        return (scripts.Where(s => !done.Contains(s.Version)).ToList(), toRecord);
    }

    /// <summary>How <paramref name="applied"/> stands against this build's <paramref name="scripts"/>, without changing anything.</summary>
    internal static Core.Storage.MigrationState State(IReadOnlyList<MigrationScripts.Script> scripts, IReadOnlyList<Applied> applied, string store)
    {
        try
        {
            var (toApply, _) = Plan(scripts, applied, store);
            return new Core.Storage.MigrationState(toApply.Select(s => s.Name).ToList(), null);
        }
        catch (MigrationMismatchException ex)
        {
            return new Core.Storage.MigrationState([], ex.Message);
        }
    }

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] : checksum;
}

/// <summary>A store whose recorded migrations this build cannot stand behind (an edited or an unknown migration).</summary>
public sealed class MigrationMismatchException(string message) : Exception(message);
