using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest;

/// <summary>Configuration section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Interactions written to the store per transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>What <c>run</c> ingests: folders or files, each with an optional channel and mapping file.</summary>
    public List<IngestSourceOptions> Sources { get; set; } = [];
}

public sealed class IngestSourceOptions
{
    [Required]
    public string Path { get; set; } = string.Empty;

    /// <summary>complaint, email or call; empty to follow each file's type.</summary>
    public string? Channel { get; set; }

    /// <summary>A complaints mapping file for CSVs that are not in the CFPB layout.</summary>
    public string? Mapping { get; set; }
}
