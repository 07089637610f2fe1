using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Core.Storage;

namespace Pipeline.Reports.Export;

/// <summary>CSV: a header of the column names, then a line per row; an empty field for a missing value.</summary>
internal sealed class CsvExportWriter : IExportWriter
{
    private readonly IReadOnlyList<ExportColumn> _columns;
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;

    public CsvExportWriter(Stream output, IReadOnlyList<ExportColumn> columns)
    {
        _columns = columns;
        _text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        _csv = new CsvWriter(_text, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in columns)
        {
            _csv.WriteField(column.Name);
        }

        _csv.NextRecord();
    }

    public async ValueTask WriteAsync(ScoredInteraction row, CancellationToken cancellationToken)
    {
        foreach (var column in _columns)
        {
            switch (column)
            {
                case TextColumn c:
                    _csv.WriteField(c.Value(row));
                    break;
                case IntegerColumn c:
                    _csv.WriteField(c.Value(row)?.ToString(CultureInfo.InvariantCulture));
                    break;
                case NumberColumn c:
                    _csv.WriteField(c.Value(row)?.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case TimeColumn c:
                    _csv.WriteField(ExportText.Time(c.Value(row)));
                    break;
                case ListColumn c:
                    _csv.WriteField(ExportText.List(c.Value(row)));
                    break;
            }
        }

        await _csv.NextRecordAsync().ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _csv.FlushAsync().ConfigureAwait(false);
        await _text.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync().ConfigureAwait(false);
        await _text.DisposeAsync().ConfigureAwait(false);
    }
}
