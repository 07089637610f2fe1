namespace Pipeline.Reports.Export;

/// <summary>The file formats <c>export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated, one header line, RFC 4180 quoting, UTF-8.</summary>
    Csv,

    /// <summary>One JSON object per line, UTF-8.</summary>
    Jsonl,

    /// <summary>Apache Parquet (Parquet.Net), one row group per 50,000 rows.</summary>
    Parquet,
}

public static class ExportFormats
{
    public static string ToName(this ExportFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>csv, jsonl or parquet (any case); <c>null</c> otherwise.</summary>
    public static ExportFormat? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "jsonl" => ExportFormat.Jsonl,
        "parquet" => ExportFormat.Parquet,
        _ => null,
    };

    /// <summary>The format a file name's extension names (.csv, .jsonl, .parquet), or <c>null</c>.</summary>
    public static ExportFormat? FromPath(string path) => Parse(Path.GetExtension(path).TrimStart('.'));
}
