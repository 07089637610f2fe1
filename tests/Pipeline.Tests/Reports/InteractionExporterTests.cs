using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Parquet;
using Parquet.Schema;
using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Reports.Export;

namespace Pipeline.Tests.Reports;

public class InteractionExporterTests
{
    private static readonly DateTimeOffset Received = new(2024, 5, 13, 9, 12, 30, TimeSpan.FromHours(-4));

    private static readonly ScoredInteraction Scored = new(
        "complaint-1", Channel.Complaint, Received, "en", "Credit card", "Fees", "Bank, N.A.", "cust_1", "T-1", null,
        "They charged me \"twice\", again;\nfurious — 100 % wrong, ünïcödé", "data/complaints.csv", "row 2",
        "v1", new DateTimeOffset(2024, 5, 14, 6, 0, 0, TimeSpan.Zero), SentimentClass.Negative, -0.75, 0.8, 0.15, 0.05,
        7, "fees, late payment", 0.61, AngerLevel.High, 5.5, ["anger", "repeat"], "high: score 5.5 ≥ high 2", 2, BumpStatus.Sent, TicketPriority.Urgent);

    private static readonly ScoredInteraction Unscored = new(
        "email-2", Channel.Email, Received.AddHours(1), "en", null, null, null, null, null, "Re: my card", "Hello", "data/mail.mbox", "message 3",
        null, null, null, null, null, null, null, null, null, null, null, null, [], null, null, null, null);

    [TestCase(ExportFormat.Csv)]
    [TestCase(ExportFormat.Jsonl)]
    [TestCase(ExportFormat.Parquet)]
    public async Task WriteAsync_ScoredAndUnscoredRows_ReadsBackEveryColumnAsWritten(ExportFormat format)
    {
        using var stream = new MemoryStream();

        var count = await InteractionExporter.WriteAsync(Rows(Scored, Unscored), stream, format, CancellationToken.None);
        stream.Position = 0;
        var table = format switch
        {
            ExportFormat.Csv => ReadCsv(stream),
            ExportFormat.Jsonl => ReadJsonl(stream),
            _ => await ReadParquetAsync(stream),
        };

        Assert.That(count, Is.EqualTo(2));
        Assert.That(table, Has.Count.EqualTo(2));
        Assert.That(table[0].Keys, Is.EqualTo(ExportColumns.All.Select(c => c.Name)), "every column, in the schema's order");
        Assert.That(table[0]["id"], Is.EqualTo("complaint-1"));
        Assert.That(table[0]["received_at"], Is.EqualTo("2024-05-13T13:12:30Z"), "UTC");
        Assert.That(table[0]["received_offset_minutes"], Is.EqualTo("-240"));
        Assert.That(table[0]["text"], Is.EqualTo(Scored.Text), "quotes, separators, a newline and non-ASCII survive");
        Assert.That(table[0]["sentiment_score"], Is.EqualTo("-0.75"));
        Assert.That(table[0]["topic_label"], Is.EqualTo("fees, late payment"));
        Assert.That(table[0]["anger_categories"], Is.EqualTo("anger,repeat"));
        Assert.That(table[0]["bump_status"], Is.EqualTo("sent"));
        Assert.That(table[0]["scored_at"], Is.EqualTo("2024-05-14T06:00:00Z"));
        Assert.That(table[1]["subject"], Is.EqualTo("Re: my card"));
        Assert.That(new[] { "version_key", "scored_at", "sentiment", "sentiment_score", "topic_id", "anger_level", "bump_status" }.Select(c => table[1][c]),
            Is.All.Null, "an unscored interaction has empty score columns");
    }

    [TestCase(ExportFormat.Csv)]
    [TestCase(ExportFormat.Jsonl)]
    [TestCase(ExportFormat.Parquet)]
    public async Task WriteAsync_NoRows_WritesAFileWithItsSchemaOnly(ExportFormat format)
    {
        using var stream = new MemoryStream();

        var count = await InteractionExporter.WriteAsync(Rows(), stream, format, CancellationToken.None);
        stream.Position = 0;

        Assert.That(count, Is.Zero);
        switch (format)
        {
            case ExportFormat.Csv:
                Assert.That(new StreamReader(stream).ReadToEnd().TrimEnd(), Is.EqualTo(string.Join(',', ExportColumns.All.Select(c => c.Name))));
                break;
            case ExportFormat.Jsonl:
                Assert.That(stream.Length, Is.Zero);
                break;
            default:
                await using (var reader = await ParquetReader.CreateAsync(stream))
                {
                    Assert.That(reader.Schema.GetDataFields().Select(f => f.Name), Is.EqualTo(ExportColumns.All.Select(c => c.Name)));
                }

                break;
        }
    }

    private static async IAsyncEnumerable<ScoredInteraction> Rows(params ScoredInteraction[] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    /// <summary>Every value as text (<c>null</c> for an empty field), by column name in file order.</summary>
    private static List<Dictionary<string, string?>> ReadCsv(Stream stream)
    {
        using var csv = new CsvReader(new StreamReader(stream, Encoding.UTF8), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string?>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) is { Length: > 0 } value ? value : null));
        }

        return rows;
    }

    private static List<Dictionary<string, string?>> ReadJsonl(Stream stream)
    {
        var rows = new List<Dictionary<string, string?>>();
        foreach (var line in new StreamReader(stream, Encoding.UTF8).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            rows.Add(document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Array => string.Join(',', p.Value.EnumerateArray().Select(e => e.GetString())),
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => p.Value.GetString(),
            }));
        }

        return rows;
    }

    private static async Task<List<Dictionary<string, string?>>> ReadParquetAsync(Stream stream)
    {
        await using var reader = await ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(0);
        var rows = Enumerable.Range(0, (int)group.RowCount).Select(_ => new Dictionary<string, string?>()).ToList();
        foreach (var field in reader.Schema.GetDataFields())
        {
            string?[] values = field switch
            {
                DateTimeDataField => await ReadAsync<DateTime>(group, field, v => v.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                _ when field.ClrType == typeof(int) => await ReadAsync<int>(group, field, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when field.ClrType == typeof(double) => await ReadAsync<double>(group, field, v => v.ToString("R", CultureInfo.InvariantCulture)),
                _ => await ReadStringsAsync(group, field),
            };
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i][field.Name] = values[i] is { Length: > 0 } value ? value : null;
            }
        }

        return rows;
    }

    private static async Task<string?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, Func<T, string> text)
        where T : struct
    {
        var values = new T?[group.RowCount];
        await group.ReadAsync(field, values.AsMemory());
        return values.Select(v => v is { } value ? text(value) : null).ToArray();
    }

    private static async Task<string?[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field)
    {
        var values = new string?[group.RowCount];
        await group.ReadAsync(field, values.AsMemory()!);
        return values;
    }
}
