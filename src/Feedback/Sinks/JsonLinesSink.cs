using Pipeline.Core.Feedback;

namespace Pipeline.Feedback.Sinks;

/// <summary>
/// The dry-run sink: each bump is appended to a file as one JSON line (<see cref="BumpMessage"/>) and flushed to disk
/// before it counts as sent. Delivery is at least once: a line written just before a crash may be written again
/// after it, with the same <c>idempotencyKey</c>.
/// </summary>
public sealed class JsonLinesSink(string path) : IBumpSink
{
    public string Name => "jsonl";

    /// <summary>A line appended to a local file.</summary>
    public TimeSpan LongestDelivery => TimeSpan.FromSeconds(1);

    public async Task<DeliveryResult> DeliverAsync(PriorityBump bump, CancellationToken cancellationToken)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            Directory.CreateDirectory(directory!);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
            await file.WriteAsync(BumpMessage.Of(bump).ToUtf8(), cancellationToken).ConfigureAwait(false);
            file.WriteByte((byte)'\n');
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return DeliveryResult.Raised(null, null, bump.Request.Priority.ToName());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DeliveryResult.Retry($"cannot append to {path}: {ex.Message}");
        }
    }
}
