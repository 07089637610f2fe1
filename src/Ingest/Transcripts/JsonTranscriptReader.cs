using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// Where a JSON call transcript becomes a record. Reads JSON lines (one conversation per line, as in the
/// Harper Valley sample), a JSON array of conversations (as in the ABCD sample) or a single conversation
/// object, streaming one conversation at a time. The accepted shape is documented in the README
/// ("Transcript JSON"): an id, a start time, and turns as <c>segments</c>, <c>original</c> or <c>turns</c>.
/// </summary>
public sealed class JsonTranscriptReader(TranscriptOptions options) : IInteractionReader
{
    private static readonly string[] IdFields = ["sid", "convo_id", "call_id", "id"];
    private static readonly string[] TurnFields = ["segments", "original", "turns"];

    /// <summary>Turn lists in another form (ABCD's delexicalised copy): not metadata.</summary>
    private static readonly string[] SkippedFields = ["delexed"];

    /// <summary>The longest line read as a conversation; a longer one is quarantined without being held in memory.</summary>
    public const int MaxLineChars = 16 * 1024 * 1024;

    public Channel Channel => Channel.Call;

    public async IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = await PeekFirstByteAsync(content, cancellationToken).ConfigureAwait(false);
        if (first == '[')
        {
            var index = 0;
            await using var items = StreamArrayAsync(path, content, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await items.MoveNextAsync().ConfigureAwait(false))
            {
                index++;
                yield return CheckedOutcome(items.Current, new SourceLocation(path, string.Create(CultureInfo.InvariantCulture, $"item {index}")));
            }

            yield break;
        }

        if (first != '{')
        {
            throw new UnreadableSourceException(path, "not a JSON transcript: expected an object, an array of objects or JSON lines.");
        }

        var origin = content.Position;
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), leaveOpen: true);
        var lines = new BoundedLineReader(reader, MaxLineChars);
        var lineNumber = 0;
        while (await ReadLineAsync(lines, path, cancellationToken).ConfigureAwait(false) is (string line, var tooLong))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var location = new SourceLocation(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}"));
            if (tooLong)
            {
                yield return TranscriptRecord.Reject(location, $"a line longer than {MaxLineChars / 1024 / 1024} M characters: one line is one conversation, and this is too long to be one", line);
                continue;
            }
            var (document, error) = TryParse(line);
            if (document is null && lineNumber == 1)
            {
                // Not JSON lines: a single (pretty-printed) conversation object.
                yield return await ReadSingleObjectAsync(path, content, origin, cancellationToken).ConfigureAwait(false);
                yield break;
            }

            if (document is null)
            {
                yield return TranscriptRecord.Reject(location, $"invalid JSON: {error}", line);
                continue;
            }

            using (document)
            {
                yield return ToOutcome(document.RootElement, location);
            }
        }
    }

    private async Task<ReadOutcome> ReadSingleObjectAsync(string path, Stream content, long origin, CancellationToken cancellationToken)
    {
        content.Position = origin;
        if (content.Length - origin > PlainTranscriptReader.MaxLength)
        {
            throw new UnreadableSourceException(path, $"a single JSON conversation larger than {PlainTranscriptReader.MaxLength / 1024 / 1024} MB; use JSON lines.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToOutcome(document.RootElement, new SourceLocation(path, "object"));
        }
        catch (JsonException ex)
        {
            throw new UnreadableSourceException(path, $"invalid JSON ({ex.Message}).", ex);
        }
    }

    private static (JsonDocument? Document, string? Error) TryParse(string line)
    {
        try
        {
            return (JsonDocument.Parse(line), null);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>
    /// An item of a JSON array, which the streaming parser hands over with its strings unchecked: one whose bytes are not
    /// UTF-8 is quarantined (its raw text decoded with replacement characters), and the array's other items are read.
    /// </summary>
    private ReadOutcome CheckedOutcome(JsonElement conversation, SourceLocation location)
    {
        try
        {
            return ToOutcome(conversation, location);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            var raw = Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(conversation));
            return TranscriptRecord.Reject(location, "a text in the conversation is not valid UTF-8", raw);
        }
    }

    private ReadOutcome ToOutcome(JsonElement conversation, SourceLocation location)
    {
        var raw = conversation.GetRawText();
        if (conversation.ValueKind != JsonValueKind.Object)
        {
            return TranscriptRecord.Reject(location, "a conversation must be a JSON object", raw);
        }

        var id = FirstScalar(conversation, IdFields);
        if (id is not null)
        {
            location = location with { Locator = $"{location.Locator}, conversation {id}" };
        }

        var turns = ReadTurns(conversation, out var turnField);
        if (turnField is null)
        {
            return TranscriptRecord.Reject(location, "no speaker turns: expected \"segments\", \"original\" or \"turns\"", raw);
        }

        if (!turns.Any(t => t.Speaker is Speaker.Customer or Speaker.Agent))
        {
            return TranscriptRecord.Reject(location, $"no speaker labels: no turn in \"{turnField}\" has a known agent or customer role", raw);
        }

        if (!TryReadStart(conversation, out var receivedAt, out var problem))
        {
            return TranscriptRecord.Reject(location, problem, raw);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var identifiers = new List<CustomerIdentifier>();
        foreach (var property in conversation.EnumerateObject())
        {
            if (TurnFields.Contains(property.Name, StringComparer.Ordinal) || SkippedFields.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }

            switch (property.Name)
            {
                case "customer_id":
                    AddIdentifier(identifiers, "customer-id", property.Value);
                    break;
                case "email":
                    AddIdentifier(identifiers, "email", property.Value);
                    break;
                case "phone":
                    AddIdentifier(identifiers, "phone", property.Value);
                    break;
                case "scenario" when property.Value.ValueKind == JsonValueKind.Object:
                    ReadScenario(property.Value, metadata, identifiers);
                    break;
                default:
                    metadata[property.Name] = Scalar(property.Value) ?? property.Value.GetRawText();
                    break;
            }
        }

        identifiers.Sort((a, b) => Strength(a.Kind).CompareTo(Strength(b.Kind)));
        var sourceKey = id is not null ? "call-id:" + id : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
        metadata["Format"] = "json:" + turnField;
        return new ReadOutcome.Accepted(TranscriptRecord.Build(
            sourceKey, receivedAt, turns, identifiers, FirstScalar(conversation, ["ticket_id", "ticket"]), location, metadata));
    }

    private List<Turn> ReadTurns(JsonElement conversation, out string? field)
    {
        var turns = new List<Turn>();
        field = null;
        foreach (var name in TurnFields)
        {
            if (!conversation.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            field = name;
            foreach (var item in list.EnumerateArray())
            {
                string? speaker = null, text = null;
                TimeSpan? start = null;
                if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() >= 2)
                {
                    speaker = Scalar(item[0]);
                    text = Scalar(item[1]);
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    speaker = FirstScalar(item, ["speaker_role", "speaker", "role"]);
                    text = FirstScalar(item, ["human_transcript", "text", "transcript"]);
                    if (item.TryGetProperty("start_ms", out var ms) && ms.ValueKind == JsonValueKind.Number && ms.TryGetInt64(out var startMs) && startMs is >= 0 and <= 864_000_000_000)
                    {
                        start = TimeSpan.FromMilliseconds(startMs);
                    }
                }

                if (speaker is null || text is null)
                {
                    continue;
                }

                turns.Add(new Turn(options.RoleOf(speaker) ?? Speaker.Other, text, start));
            }

            // Harper Valley lists segments in file order; speak them in time order.
            if (turns.All(t => t.Start is not null))
            {
                turns = [.. turns.OrderBy(t => t.Start)];
            }

            return turns;
        }

        return turns;
    }

    private static bool TryReadStart(JsonElement conversation, out DateTimeOffset start, out string problem)
    {
        problem = string.Empty;
        if (conversation.TryGetProperty("start_time_ms", out var ms))
        {
            if (ms.ValueKind == JsonValueKind.Number && ms.TryGetInt64(out var epochMs) && epochMs is > 0 and <= 253_402_300_799_999)
            {
                start = DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
                return true;
            }

            start = default;
            problem = $"\"start_time_ms\" is not a positive number of milliseconds: {ms.GetRawText()}";
            return false;
        }

        foreach (var name in new[] { "received_at", "start_time", "date" })
        {
            if (conversation.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.String && TranscriptRecord.TryParseDate(value.GetString()!, out start))
                {
                    return true;
                }

                start = default;
                problem = $"\"{name}\" is not an ISO 8601 date and time: {value.GetRawText()}";
                return false;
            }
        }

        start = default;
        problem = "no call time: add \"start_time_ms\" (epoch milliseconds) or \"received_at\" (ISO 8601)";
        return false;
    }

    private static void ReadScenario(JsonElement scenario, Dictionary<string, string> metadata, List<CustomerIdentifier> identifiers)
    {
        foreach (var property in scenario.EnumerateObject())
        {
            if (property.Name == "personal" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in property.Value.EnumerateObject())
                {
                    switch (field.Name)
                    {
                        case "email": AddIdentifier(identifiers, "email", field.Value); break;
                        case "phone": AddIdentifier(identifiers, "phone", field.Value); break;
                        case "member_level": metadata["scenario.member_level"] = Scalar(field.Value) ?? string.Empty; break;
                    }
                }
            }
            else if (Scalar(property.Value) is { } value)
            {
                metadata["scenario." + property.Name] = value;
            }
        }
    }

    private static int Strength(string kind) => kind switch { "customer-id" => 0, "email" => 1, _ => 2 };

    private static void AddIdentifier(List<CustomerIdentifier> identifiers, string kind, JsonElement value)
    {
        if (Scalar(value) is { Length: > 0 } text)
        {
            identifiers.Add(new CustomerIdentifier(kind, text));
        }
    }

    private static string? FirstScalar(JsonElement element, string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && Scalar(value) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static async IAsyncEnumerable<JsonElement> StreamArrayAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (JsonException ex)
            {
                throw new UnreadableSourceException(path, $"invalid JSON ({ex.Message}); the conversations before it were read.", ex);
            }

            yield return items.Current;
        }
    }

    private static async Task<(string? Line, bool TooLong)> ReadLineAsync(BoundedLineReader reader, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnreadableSourceException(path, "not valid UTF-8 text; convert the file to UTF-8.", ex);
        }
    }

    private static async Task<int> PeekFirstByteAsync(Stream content, CancellationToken cancellationToken)
    {
        var start = content.Position;
        var buffer = new byte[1];
        int b;
        do
        {
            b = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 1 ? buffer[0] : -1;
        }
        while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);

        content.Position = start;
        return b;
    }
}
