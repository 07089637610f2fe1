using Pipeline.Core.Storage;

namespace Pipeline.Reports.Export;

/// <summary>
/// Streams the rows of the store's <c>interaction_scores</c> view into a file of one of the <see cref="ExportFormat"/>s,
/// with the columns of <see cref="ExportColumns.All"/>. Rows are written as they come (Parquet holds one row group,
/// at most <see cref="ParquetExportWriter.RowGroupSize"/> rows, at a time), so a long range costs no more memory than a week.
/// </summary>
public static class InteractionExporter
{
    /// <returns>How many rows were written.</returns>
    public static async Task<long> WriteAsync(IAsyncEnumerable<ScoredInteraction> rows, Stream output, ExportFormat format, CancellationToken cancellationToken)
    {
        IExportWriter writer = format switch
        {
            ExportFormat.Csv => new CsvExportWriter(output, ExportColumns.All),
            ExportFormat.Jsonl => new JsonlExportWriter(output, ExportColumns.All),
            ExportFormat.Parquet => new ParquetExportWriter(output, ExportColumns.All),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };

        await using (writer.ConfigureAwait(false))
        {
            long count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }
}

/// <summary>Writes rows of one format; <see cref="CompleteAsync"/> ends the file (without it, what was written may be cut short).</summary>
internal interface IExportWriter : IAsyncDisposable
{
    ValueTask WriteAsync(ScoredInteraction row, CancellationToken cancellationToken);

    ValueTask CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>How the text formats write an instant and a list.</summary>
internal static class ExportText
{
    public static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string List(IReadOnlyList<string> values) => string.Join(',', values);
}
