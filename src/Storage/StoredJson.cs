using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core;

namespace Pipeline.Storage;

/// <summary>The JSON shapes of the metadata and turns columns, shared by both stores.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record StoredTurn(string Speaker, string Text, long? StartMs);

    /// <summary>Options of the JSON written directly (<see cref="Object"/>): the serializer's escaping.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder };

    /// <summary>The metadata as a JSON object, written directly (ingest writes thousands a second): the JSON the serializer
    /// gives for the map, in its order, with the same escaping.</summary>
    public static string Metadata(IReadOnlyDictionary<string, string> metadata) =>
        Object(metadata, 1024, static (writer, map) =>
        {
            foreach (var (key, value) in map)
            {
                writer.WriteString(key, value);
            }
        });

    public static IReadOnlyDictionary<string, string> Metadata(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];

    /// <summary>The JSON of no turns or no strings: most interactions have neither (a complaint has no turns, and few
    /// have customer identifiers), and the serializer took 3 % of an ingest's CPU writing it, on the writer's thread.</summary>
    private const string EmptyArray = "[]";

    public static string Turns(IReadOnlyList<Turn> turns) => turns.Count == 0 ? EmptyArray :
        JsonSerializer.Serialize(turns.Select(t => new StoredTurn(SpeakerName(t.Speaker), t.Text, t.Start is { } s ? (long)s.TotalMilliseconds : null)), Options);

    public static IReadOnlyList<Turn> Turns(string json) =>
        (JsonSerializer.Deserialize<List<StoredTurn>>(json, Options) ?? [])
            .Select(t => new Turn(ParseSpeaker(t.Speaker), t.Text, t.StartMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null))
            .ToArray();

    public static string Strings(IReadOnlyList<string> values) => values.Count == 0 ? EmptyArray : JsonSerializer.Serialize(values, Options);

    public static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];

    /// <summary>The topic distribution as a JSON object in topic order ({"0":0.12,"3":0.5}), written directly (a row's
    /// score is written thousands of times a second): the JSON the serializer gives for the ordered map, without the copies.</summary>
    public static string Topics(IReadOnlyDictionary<int, double> distribution)
    {
        var keys = new int[distribution.Count];
        var n = 0;
        foreach (var key in distribution.Keys)
        {
            keys[n++] = key;
        }

        Array.Sort(keys);
        return Object((keys, distribution), 32 + (24 * keys.Length), static (writer, state) =>
        {
            Span<char> name = stackalloc char[11];
            foreach (var key in state.keys)
            {
                key.TryFormat(name, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteNumber(name[..length], state.distribution[key]);
            }
        });
    }

    /// <summary>A JSON object whose properties <paramref name="properties"/> writes, as a string.</summary>
    private static string Object<TState>(TState state, int capacity, Action<Utf8JsonWriter, TState> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(capacity);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            properties(writer, state);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyDictionary<int, double> Topics(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, double>>(json, Options) ?? [])
            .ToDictionary(p => int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);

    private static string SpeakerName(Speaker speaker) => speaker switch
    {
        Speaker.Customer => "customer",
        Speaker.Agent => "agent",
        _ => "other",
    };

    private static Speaker ParseSpeaker(string name) => name switch
    {
        "customer" => Speaker.Customer,
        "agent" => Speaker.Agent,
        _ => Speaker.Other,
    };
}
