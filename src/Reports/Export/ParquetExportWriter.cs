using Parquet;
using Parquet.Schema;
using Pipeline.Core.Storage;

namespace Pipeline.Reports.Export;

/// <summary>
/// Parquet (Parquet.Net): the rows are gathered into row groups of <see cref="RowGroupSize"/> and each group is written
/// column by column. Text and lists are UTF-8 strings, integers INT32, numbers DOUBLE, instants UTC timestamps; every
/// column is optional (nullable) but <c>id</c>, <c>channel</c> and <c>received_at</c>, which every row has.
/// </summary>
internal sealed class ParquetExportWriter : IExportWriter
{
    /// <summary>Rows per row group: what the writer holds in memory at most.</summary>
    public const int RowGroupSize = 50_000;

    private readonly Stream _output;
    private readonly IReadOnlyList<ExportColumn> _columns;
    private readonly ParquetSchema _schema;
    private readonly List<ScoredInteraction> _rows = new(RowGroupSize);
    private ParquetWriter? _writer;

    public ParquetExportWriter(Stream output, IReadOnlyList<ExportColumn> columns)
    {
        _output = output;
        _columns = columns;
        _schema = new ParquetSchema(columns.Select(Field).ToArray());
    }

    private static DataField Field(ExportColumn column) => column switch
    {
        TextColumn { Name: "id" or "channel" } c => new DataField<string>(c.Name, nullable: false),
        TextColumn or ListColumn => new DataField<string>(column.Name, nullable: true),
        IntegerColumn => new DataField<int?>(column.Name),
        NumberColumn => new DataField<double?>(column.Name),
        TimeColumn { Name: "received_at" } => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: false),
        TimeColumn => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    public async ValueTask WriteAsync(ScoredInteraction row, CancellationToken cancellationToken)
    {
        _rows.Add(row);
        if (_rows.Count == RowGroupSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count > 0 || _writer is null)
        {
            // An empty export is still a Parquet file with its schema (and one empty row group).
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _writer ??= await ParquetWriter.CreateAsync(_schema, _output, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var group = _writer.CreateRowGroup();
        var fields = _schema.GetDataFields();
        for (var c = 0; c < _columns.Count; c++)
        {
            var field = fields[c];
            switch (_columns[c])
            {
                case TextColumn column:
                    await group.WriteAsync(field, Gather(column.Value)).ConfigureAwait(false);
                    break;
                case ListColumn column:
                    await group.WriteAsync(field, Gather(r => ExportText.List(column.Value(r)))).ConfigureAwait(false);
                    break;
                case IntegerColumn column:
                    await group.WriteAsync(field, (ReadOnlyMemory<int?>)Gather(column.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case NumberColumn column:
                    await group.WriteAsync(field, (ReadOnlyMemory<double?>)Gather(column.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case TimeColumn { Name: "received_at" } column:
                    await group.WriteAsync(field, (ReadOnlyMemory<DateTime>)Gather(r => column.Value(r)!.Value.UtcDateTime), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case TimeColumn column:
                    await group.WriteAsync(field, (ReadOnlyMemory<DateTime?>)Gather(r => column.Value(r)?.UtcDateTime), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        group.CompleteValidate();
        _rows.Clear();
    }

    private T[] Gather<T>(Func<ScoredInteraction, T> value)
    {
        var values = new T[_rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(_rows[i]);
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
