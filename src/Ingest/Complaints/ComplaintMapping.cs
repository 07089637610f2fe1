using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Ingest.Complaints;

/// <summary>
/// How a complaints CSV maps onto the canonical record. <see cref="Cfpb"/> is the CFPB export layout;
/// other layouts are described in a JSON mapping file (see data/mappings/ and the README) whose
/// values override these defaults.
/// </summary>
public sealed record ComplaintMapping
{
    /// <summary>Header names of the source columns, by canonical field. A field mapped to "" is not read.</summary>
    public ComplaintColumns Columns { get; init; } = new();

    /// <summary>Exact date formats tried in order (invariant culture). A value that fits none is a rejected row, never a guess.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["yyyy-MM-dd"];

    /// <summary>IANA or Windows time-zone id the dates are local to; "UTC" by default.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Cell values that mean "empty", such as "None" or "N/A".</summary>
    public IReadOnlyList<string> EmptyTokens { get; init; } = [];

    public string Delimiter { get; init; } = ",";

    /// <summary>Text encoding of the file (a .NET encoding name); invalid bytes stop the file with a clear error.</summary>
    public string Encoding { get; init; } = "utf-8";

    public static ComplaintMapping Cfpb { get; } = new();

    /// <summary>Reads a mapping file; every problem is reported at once, naming the key.</summary>
    public static ComplaintMapping Load(string path)
    {
        ComplaintMapping? mapping;
        try
        {
            using var stream = File.OpenRead(path);
            mapping = JsonSerializer.Deserialize<ComplaintMapping>(stream, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Mapping file {path} is not valid: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"Mapping file {path} cannot be read: {ex.Message}", ex);
        }

        if (mapping is null)
        {
            throw new InvalidDataException($"Mapping file {path} is empty.");
        }

        var errors = mapping.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"Mapping file {path}: {string.Join("; ", errors)}");
        }

        return mapping;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Columns.ReceivedAt))
        {
            errors.Add("columns.receivedAt must name the date column");
        }

        if (DateFormats.Count == 0 || DateFormats.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("dateFormats must list at least one format, e.g. \"MM/dd/yy\"");
        }

        foreach (var format in DateFormats.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            try
            {
                _ = DateTime.MinValue.ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                errors.Add($"dateFormats: '{format}' is not a valid .NET date format");
            }
        }

        try
        {
            _ = ResolveTimeZone();
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add($"timeZone: '{TimeZone}' is not a known time zone id (e.g. \"UTC\", \"America/New_York\")");
        }

        if (Delimiter.Length == 0)
        {
            errors.Add("delimiter must not be empty");
        }

        try
        {
            _ = ResolveEncoding();
        }
        catch (ArgumentException)
        {
            errors.Add($"encoding: '{Encoding}' is not a known encoding name (e.g. \"utf-8\", \"windows-1252\")");
        }

        return errors;
    }

    public TimeZoneInfo ResolveTimeZone() =>
        string.Equals(TimeZone, "UTC", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>A strict decoder: invalid bytes throw instead of becoming U+FFFD.</summary>
    public Encoding ResolveEncoding()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = System.Text.Encoding.GetEncoding(Encoding);
        return System.Text.Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>Source header names for each canonical field. Defaults are the CFPB export's headers.</summary>
public sealed record ComplaintColumns
{
    public string? ReceivedAt { get; init; } = "Date received";

    public string? Text { get; init; } = "Consumer complaint narrative";

    public string? Product { get; init; } = "Product";

    public string? Issue { get; init; } = "Issue";

    public string? Company { get; init; } = "Company";

    public string? Subject { get; init; } = "";

    /// <summary>The row's own unique key, used to skip rows already stored. Empty: the whole row is hashed.</summary>
    public string? SourceKey { get; init; } = "Complaint ID";

    public string? TicketId { get; init; } = "Complaint ID";

    public string? CustomerId { get; init; } = "";

    public string? Email { get; init; } = "";

    public string? Phone { get; init; } = "";
}
