using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models.Scoring;

/// <summary>Configuration section <c>Scoring</c>.</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>Interactions scored (and claimed, when several workers share a PostgreSQL store) at a time.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}
