using System.Text;
using Pipeline.Core.Ingest;

namespace Pipeline.Tests.Support;

/// <summary>Runs a reader over a file or an in-memory text and collects what it yields.</summary>
public static class Read
{
    public static async Task<List<ReadOutcome>> FileAsync(IInteractionReader reader, string path)
    {
        await using var stream = File.OpenRead(path);
        return await AllAsync(reader, path, stream);
    }

    public static Task<List<ReadOutcome>> TextAsync(IInteractionReader reader, string text, string path = "test-input") =>
        BytesAsync(reader, Encoding.UTF8.GetBytes(text), path);

    public static async Task<List<ReadOutcome>> BytesAsync(IInteractionReader reader, byte[] bytes, string path = "test-input")
    {
        await using var stream = new MemoryStream(bytes);
        return await AllAsync(reader, path, stream);
    }

    private static async Task<List<ReadOutcome>> AllAsync(IInteractionReader reader, string path, Stream stream)
    {
        var outcomes = new List<ReadOutcome>();
        await foreach (var outcome in reader.ReadAsync(path, stream, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    public static List<SourceRecord> Accepted(this IEnumerable<ReadOutcome> outcomes) =>
        outcomes.OfType<ReadOutcome.Accepted>().Select(a => a.Record).ToList();

    public static List<QuarantinedItem> Rejected(this IEnumerable<ReadOutcome> outcomes) =>
        outcomes.OfType<ReadOutcome.Rejected>().Select(r => r.Item).ToList();
}
