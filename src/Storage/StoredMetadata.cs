using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Storage;

/// <summary>
/// An interaction's metadata as the store keeps it (JSON), read into a map the first time it is looked at. Scoring
/// claims thousands of interactions a second and seldom looks at their metadata (only a bump rule that takes its
/// ticket id from a metadata field does), so the parse is not paid per claimed row. Safe to read from several
/// threads: two first reads parse the same JSON into equal maps.
/// </summary>
internal sealed class StoredMetadata(string json) : IReadOnlyDictionary<string, string>
{
    private IReadOnlyDictionary<string, string>? _map;

    private IReadOnlyDictionary<string, string> Map => _map ??= StoredJson.Metadata(json);

    public string this[string key] => Map[key];

    public IEnumerable<string> Keys => Map.Keys;

    public IEnumerable<string> Values => Map.Values;

    public int Count => Map.Count;

    public bool ContainsKey(string key) => Map.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => Map.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
