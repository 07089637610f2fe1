using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Core.Storage;

namespace Pipeline.Reports.Export;

/// <summary>JSON lines: one object per row with every column (<c>null</c> for a missing value), a newline after each.</summary>
internal sealed class JsonlExportWriter(Stream output, IReadOnlyList<ExportColumn> columns) : IExportWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly BufferedStream _buffer = new(output, 1 << 16);
    private Utf8JsonWriter? _json;

    public async ValueTask WriteAsync(ScoredInteraction row, CancellationToken cancellationToken)
    {
        // One writer reused for every line; Reset starts the next top-level value.
        var json = _json ??= new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.Reset(_buffer);
        json.WriteStartObject();
        foreach (var column in columns)
        {
            switch (column)
            {
                case TextColumn c:
                    json.WriteString(c.Name, c.Value(row));
                    break;
                case IntegerColumn c when c.Value(row) is { } value:
                    json.WriteNumber(c.Name, value);
                    break;
                case NumberColumn c when c.Value(row) is { } value:
                    json.WriteNumber(c.Name, value);
                    break;
                case TimeColumn c:
                    json.WriteString(c.Name, ExportText.Time(c.Value(row)));
                    break;
                case ListColumn c:
                    json.WriteStartArray(c.Name);
                    foreach (var item in c.Value(row))
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    json.WriteNull(column.Name);
                    break;
            }
        }

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _buffer.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken) => await _buffer.FlushAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_json is not null)
        {
            await _json.DisposeAsync().ConfigureAwait(false);
        }

        // The caller's stream stays open: BufferedStream would close it.
        await _buffer.FlushAsync().ConfigureAwait(false);
    }
}
