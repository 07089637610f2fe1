using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest;

/// <summary>Configuration section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// Interactions written to the store per transaction. A transaction rewrites every index page it touches; ids are
    /// hashes, so a batch lands all over the id index, and 4,000 a transaction writes a quarter of the pages per row that
    /// 1,000 did once the store outgrows its cache (1M generated interactions into SQLite: 116 s at 1,000 a batch,
    /// 66 s at 4,000 with the 64 MB page cache; BENCHMARKS.md).
    /// </summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 4000;

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

    /// <summary>en, ru, zh or other: the language of everything this source holds; empty to detect each text's.</summary>
    public string? Language { get; set; }
}
