using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Complaints;

/// <summary>
/// Where a complaint row becomes a record. Streams a complaints CSV (RFC 4180, quoted multi-line
/// narratives) row by row. Rows with the wrong number of fields, stray quotes, an unparseable date or
/// no dedup key are rejected with their row number; rows without a narrative are kept (no text).
/// </summary>
public sealed class ComplaintCsvReader(ComplaintMapping mapping) : IInteractionReader
{
    /// <summary>A field longer than this is an unclosed quote swallowing the file, not a narrative.</summary>
    public const int MaxFieldLength = 1_000_000;

    public Channel Channel => Channel.Complaint;

    public async IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = mapping.ResolveTimeZone();
        var emptyTokens = new HashSet<string>(mapping.EmptyTokens, StringComparer.Ordinal);
        var dates = new ParsedDates();
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = mapping.Delimiter,
            BadDataFound = args => badData ??= args.Field,
            MaxFieldSize = MaxFieldLength,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
            // A 64K-character buffer (16 times the default) is refilled 16 times less often; repeated values (products,
            // states, companies) are made into strings once.
            BufferSize = 64 * 1024,
            CacheFields = true,
        };

        using var text = new StreamReader(content, mapping.ResolveEncoding(), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        using var parser = new CsvParser(text, config);

        if (!await ReadGuardedAsync(parser, path).ConfigureAwait(false))
        {
            throw new UnreadableSourceException(path, "the file is empty; a complaints CSV starts with a header row.");
        }

        var header = parser.Record ?? [];
        var columns = ResolveColumns(path, header);
        var lastLine = parser.RawRow;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            badData = null;
            if (!await ReadGuardedAsync(parser, path).ConfigureAwait(false))
            {
                yield break;
            }

            var firstLine = lastLine + 1;
            lastLine = parser.RawRow;
            var location = new SourceLocation(path, firstLine >= lastLine
                ? string.Create(CultureInfo.InvariantCulture, $"row {parser.Row}, line {lastLine}")
                : string.Create(CultureInfo.InvariantCulture, $"row {parser.Row}, lines {firstLine}-{lastLine}"));
            var fields = parser.Record ?? [];

            if (fields.Length != header.Length)
            {
                var hint = fields.Length < header.Length ? "truncated row or unbalanced quote" : "unquoted delimiter or unbalanced quote";
                yield return Reject(location, $"expected {header.Length} fields, found {fields.Length} ({hint})", parser.RawRecord);
                continue;
            }

            if (badData is not null)
            {
                yield return Reject(location, $"stray or unbalanced quote in field \"{Excerpt(badData, 60)}\"", parser.RawRecord);
                continue;
            }

            yield return ToOutcome(fields, header, columns, location, parser, zone, emptyTokens, dates);
        }
    }

    // The raw row is read from the parser only for a rejection (it is the quarantine's copy), before the next row is read.
    private ReadOutcome ToOutcome(string[] fields, string[] header, Columns columns, SourceLocation location, CsvParser parser, TimeZoneInfo zone, HashSet<string> emptyTokens, ParsedDates dates)
    {
        string? Get(int index)
        {
            if (index < 0)
            {
                return null;
            }

            var value = fields[index];
            return value.Length == 0 || emptyTokens.Contains(value.Trim()) ? null : value;
        }

        var dateText = Get(columns.ReceivedAt);
        if (dateText is null)
        {
            return Reject(location, $"no value in '{header[columns.ReceivedAt]}' (the received date)", parser.RawRecord);
        }

        if (!dates.TryGet(dateText, out var receivedAt))
        {
            if (!TryParseDate(dateText.Trim(), zone, out receivedAt))
            {
                return Reject(location, $"'{dateText}' in '{header[columns.ReceivedAt]}' does not match the date format {string.Join(" or ", mapping.DateFormats)}", parser.RawRecord);
            }

            dates.Add(dateText, receivedAt);
        }

        string sourceKey;
        if (columns.SourceKey >= 0)
        {
            var key = Get(columns.SourceKey);
            if (key is null)
            {
                return Reject(location, $"no value in '{header[columns.SourceKey]}' (the row's unique key)", parser.RawRecord);
            }

            sourceKey = key.Trim();
        }
        else
        {
            sourceKey = "row-sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', fields))));
        }

        var identifiers = new List<CustomerIdentifier>(1);
        AddIdentifier(identifiers, "customer-id", Get(columns.CustomerId));
        AddIdentifier(identifiers, "email", Get(columns.Email));
        AddIdentifier(identifiers, "phone", Get(columns.Phone));

        var metadata = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (i == columns.Text || i == columns.CustomerId || i == columns.Email || i == columns.Phone)
            {
                continue;
            }

            metadata[header[i]] = Get(i) ?? string.Empty;
        }

        return new ReadOutcome.Accepted(new SourceRecord(
            Channel.Complaint,
            sourceKey,
            receivedAt,
            Text: Get(columns.Text),
            Subject: Get(columns.Subject),
            Product: Get(columns.Product),
            Issue: Get(columns.Issue),
            Company: Get(columns.Company),
            CustomerIdentifiers: identifiers,
            TicketId: Get(columns.TicketId),
            Source: location,
            Metadata: metadata,
            Turns: []));
    }

    private bool TryParseDate(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        foreach (var format in mapping.DateFormats)
        {
            if (HasOffset(format)
                && DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var withOffset))
            {
                value = withOffset;
                return true;
            }

            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
            {
                var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
                value = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The dates of a file already parsed: an export holds each day's date on hundreds of rows, and parsing by the
    /// mapping's formats was a tenth of ingest's time. Bounded (cleared when full); a date that did not parse is not kept.
    /// </summary>
    private sealed class ParsedDates
    {
        private const int Capacity = 4096;
        private readonly Dictionary<string, DateTimeOffset> _dates = new(StringComparer.Ordinal);

        public bool TryGet(string text, out DateTimeOffset value) => _dates.TryGetValue(text, out value);

        /// <summary>Keeps a parsed date.</summary>
        public void Add(string text, DateTimeOffset value)
        {
            if (_dates.Count == Capacity)
            {
                _dates.Clear();
            }

            _dates[text] = value;
        }
    }

    private static bool HasOffset(string format) => format.Contains('z', StringComparison.Ordinal) || format is "o" or "O";

    private static void AddIdentifier(List<CustomerIdentifier> identifiers, string kind, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            identifiers.Add(new CustomerIdentifier(kind, value));
        }
    }

    private sealed record Columns(int ReceivedAt, int Text, int Product, int Issue, int Company, int Subject, int SourceKey, int TicketId, int CustomerId, int Email, int Phone);

    private Columns ResolveColumns(string path, string[] header)
    {
        var missing = new List<string>();
        int Find(string key, string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return -1;
            }

            var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                missing.Add($"'{name}' (columns.{key})");
            }

            return index;
        }

        var c = mapping.Columns;
        var columns = new Columns(
            Find("receivedAt", c.ReceivedAt), Find("text", c.Text), Find("product", c.Product), Find("issue", c.Issue),
            Find("company", c.Company), Find("subject", c.Subject), Find("sourceKey", c.SourceKey), Find("ticketId", c.TicketId),
            Find("customerId", c.CustomerId), Find("email", c.Email), Find("phone", c.Phone));

        if (missing.Count > 0)
        {
            throw new UnreadableSourceException(
                path,
                $"header has no column {string.Join(", ", missing)}; this is not the CFPB layout, so pass a mapping file (--mapping) that names its columns. Header: {Excerpt(string.Join(",", header), 200)}");
        }

        return columns;
    }

    private static async Task<bool> ReadGuardedAsync(CsvParser parser, string path)
    {
        try
        {
            return await parser.ReadAsync().ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnreadableSourceException(path, $"not valid text in the configured encoding (near row {parser.Row}); convert it to UTF-8 or set \"encoding\" in a mapping file.", ex);
        }
        catch (MaxFieldSizeException ex)
        {
            throw new UnreadableSourceException(path, $"a field starting at row {parser.Row} runs past {MaxFieldLength:N0} characters: an unclosed quote swallows the rest of the file. Fix the quote and ingest again; rows before it were kept.", ex);
        }
    }

    private static ReadOutcome Reject(SourceLocation location, string reason, string raw) =>
        new ReadOutcome.Rejected(new QuarantinedItem(location, reason, Excerpt(raw, QuarantinedItem.MaxRawLength)));

    private static string Excerpt(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
