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

    public static string Metadata(IReadOnlyDictionary<string, string> metadata) => JsonSerializer.Serialize(metadata, Options);

    public static IReadOnlyDictionary<string, string> Metadata(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];

    public static string Turns(IReadOnlyList<Turn> turns) =>
        JsonSerializer.Serialize(turns.Select(t => new StoredTurn(SpeakerName(t.Speaker), t.Text, t.Start is { } s ? (long)s.TotalMilliseconds : null)), Options);

    public static IReadOnlyList<Turn> Turns(string json) =>
        (JsonSerializer.Deserialize<List<StoredTurn>>(json, Options) ?? [])
            .Select(t => new Turn(ParseSpeaker(t.Speaker), t.Text, t.StartMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null))
            .ToArray();

    public static string Strings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values, Options);

    public static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];

    public static string Topics(IReadOnlyDictionary<int, double> distribution) =>
        JsonSerializer.Serialize(distribution.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value), Options);

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
