using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pipeline.Models.Evaluation;

/// <summary>One row of a labelled evaluation file.</summary>
public sealed record LabelledText(long Row, string Text, string Label);

/// <summary>
/// Streams a labelled CSV or TSV (the delimiter follows the extension: .tsv is tab) with a header row,
/// yielding the text and label columns named by the caller. Missing columns fail at once, naming the
/// columns the file does have.
/// </summary>
public static class LabelledTextFile
{
    public static async IAsyncEnumerable<LabelledText> ReadAsync(string path, string textColumn, string labelColumn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tab = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tab", StringComparison.OrdinalIgnoreCase);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = tab ? "\t" : ",",
            Mode = tab ? CsvMode.NoEscape : CsvMode.RFC4180,
            BadDataFound = null,
            MissingFieldFound = null,
        };

        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        if (!await csv.ReadAsync().ConfigureAwait(false) || !csv.ReadHeader())
        {
            throw new InvalidDataException($"{path} is empty; an evaluation file starts with a header row.");
        }

        var header = csv.HeaderRecord ?? [];
        int Find(string name, string option) =>
            Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                ? i
                : throw new InvalidDataException($"{path} has no column '{name}' ({option}); its columns are: {string.Join(", ", header)}");

        var text = Find(textColumn, "--text-column");
        var label = Find(labelColumn, "--label-column");
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new LabelledText(csv.Parser.Row, csv.GetField(text) ?? string.Empty, (csv.GetField(label) ?? string.Empty).Trim());
        }
    }
}
