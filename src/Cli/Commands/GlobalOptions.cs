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

    /// <summary>Configuration overrides from the command line.</summary>
    public static Dictionary<string, string?> Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (result.GetValue(Store) is { } store)
        {
            overrides["Store:ConnectionString"] = store;
        }

        return overrides;
    }
}
