using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>Options every verb accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The store: sqlite:PATH (default sqlite:pipeline.db) or postgres:<Npgsql connection string>. Overrides Store:ConnectionString.",
        Recursive = true,
    };

    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override any configuration key, e.g. --set Ingest:BatchSize=500 (repeatable).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Configuration overrides from the command line (<c>--set</c>, then <c>--store</c>).</summary>
    public static Dictionary<string, string?> Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in result.GetValue(Set) ?? [])
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConfigurationException($"--set '{assignment}' is not KEY=VALUE (e.g. --set Ingest:BatchSize=500).");
            }

            overrides[assignment[..equals].Trim()] = assignment[(equals + 1)..];
        }

        if (result.GetValue(Store) is { } store)
        {
            overrides["Store:ConnectionString"] = store;
        }

        return overrides;
    }
}
