using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Ingest.Complaints;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Transcripts;

namespace Pipeline.Ingest;

/// <summary>Chooses the reader for a file: from <c>--channel</c> when given, else from the file's extension.</summary>
public sealed class ReaderCatalog(EmailOptions email, TranscriptOptions transcripts)
{
    private static readonly Dictionary<string, Channel> ChannelByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = Channel.Complaint,
        [".tsv"] = Channel.Complaint,
        [".eml"] = Channel.Email,
        [".mbox"] = Channel.Email,
        [".mbx"] = Channel.Email,
        [".txt"] = Channel.Call,
        [".vtt"] = Channel.Call,
        [".json"] = Channel.Call,
        [".jsonl"] = Channel.Call,
        [".ndjson"] = Channel.Call,
    };

    /// <summary>The channel a file belongs to, or <c>null</c> when its type is not an input type (a .gz is of the type before it).</summary>
    public static Channel? ChannelOf(string path, Channel? forced) =>
        forced ?? (ChannelByExtension.TryGetValue(System.IO.Path.GetExtension(InputFiles.TypeName(path)), out var channel) ? channel : null);

    public IInteractionReader ReaderFor(string path, Channel channel, ComplaintMapping mapping)
    {
        var extension = System.IO.Path.GetExtension(InputFiles.TypeName(path));
        return channel switch
        {
            Channel.Complaint => new ComplaintCsvReader(
                string.Equals(extension, ".tsv", StringComparison.OrdinalIgnoreCase) && mapping.Delimiter == "," ? mapping with { Delimiter = "\t" } : mapping),
            Channel.Email => new EmailReader(email),
            Channel.Call when string.Equals(extension, ".vtt", StringComparison.OrdinalIgnoreCase) => new WebVttTranscriptReader(transcripts),
            Channel.Call when extension.ToLowerInvariant() is ".json" or ".jsonl" or ".ndjson" => new JsonTranscriptReader(transcripts),
            Channel.Call => new PlainTranscriptReader(transcripts),
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
        };
    }
}
