using System.Data.Common;
using Pipeline.Core;

namespace Pipeline.Storage;

/// <summary>
/// An interaction's row as both stores read it: the same columns (each store names its time column and casts the JSON
/// columns as it needs) and one mapping of a row to an <see cref="Interaction"/>.
/// </summary>
internal static class InteractionSql
{
    /// <summary>The columns <see cref="Read"/> reads, in order: <paramref name="received"/> is the store's time column, <paramref name="json"/> what follows each JSON column.</summary>
    public static string Columns(string received, string json) => $"""
        id, channel, {received}, received_offset_min, text, subject, product, issue, company, customer_key,
        ticket_id, language, source_path, source_locator, metadata{json}, turns{json}, customer_identifiers{json}
        """;

    /// <summary>
    /// Reads a row of <see cref="Columns"/>; <paramref name="utc"/> reads the instant in the time column (each store keeps its
    /// own format). The metadata is parsed only when it is looked at (<see cref="StoredMetadata"/>).
    /// </summary>
    public static Interaction Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> utc) =>
        new(
            reader.GetString(0),
            ChannelNames.Parse(reader.GetString(1)),
            utc(reader, 2).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(3))),
            Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8),
            Text(reader, 9), StoredJson.Strings(reader.GetString(16)), Text(reader, 10), reader.GetString(11),
            new SourceLocation(reader.GetString(12), reader.GetString(13)),
            new StoredMetadata(reader.GetString(14)),
            StoredJson.Turns(reader.GetString(15)));

    /// <summary>A nullable text column.</summary>
    public static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
