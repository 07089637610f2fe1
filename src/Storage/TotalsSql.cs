using System.Data.Common;
using Pipeline.Core;
using Pipeline.Core.Storage;

namespace Pipeline.Storage;

/// <summary>
/// The store's totals that <c>ingest</c> prints, in SQL both stores share word for word (positional parameters). The
/// interactions by channel, and how many of them have text, are kept in <c>interaction_counts</c> by each batch's write
/// in its own transaction; the customers are counted on <c>customer_identifiers</c>' index (every customer key of an
/// interaction is linked there by the write that stored it). Before, both were scans of every interaction after every
/// ingest: 1.0–1.2 s on a 1M SQLite store, where a daily drop into a 10M store would have spent most of its time
/// (BENCHMARKS.md).
/// </summary>
internal static class TotalsSql
{
    /// <summary>$1 channel, $2 interactions stored, $3 of them with text.</summary>
    public const string Add = """
        INSERT INTO interaction_counts (channel, interactions, with_text) VALUES ($1, $2, $3)
        ON CONFLICT (channel) DO UPDATE SET interactions = interaction_counts.interactions + excluded.interactions,
            with_text = interaction_counts.with_text + excluded.with_text
        """;

    private const string Counts = "SELECT channel, interactions, with_text FROM interaction_counts";

    private const string Others = """
        SELECT (SELECT COUNT(DISTINCT customer_key) FROM customer_identifiers),
               (SELECT COUNT(*) FROM quarantine),
               (SELECT COUNT(*) FROM ingest_runs)
        """;

    /// <summary>Reads the totals with commands the store makes on one connection.</summary>
    public static async Task<StoreTotals> ReadAsync(Func<string, DbCommand> command, CancellationToken cancellationToken)
    {
        var byChannel = new Dictionary<Channel, long>();
        long withText = 0;
        await using (var counts = command(Counts))
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var interactions = reader.GetInt64(1);
                if (interactions > 0)
                {
                    byChannel[ChannelNames.Parse(reader.GetString(0))] = interactions;
                }

                withText += reader.GetInt64(2);
            }
        }

        await using var others = command(Others);
        await using var row = await others.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await row.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreTotals(byChannel, withText, row.GetInt64(0), row.GetInt64(1), row.GetInt64(2));
    }
}

/// <summary>A batch's stored interactions counted by channel, with text or not: what <see cref="TotalsSql.Add"/> adds.</summary>
internal sealed class ChannelTally
{
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();
    private readonly long[] _interactions = new long[Channels.Length];
    private readonly long[] _withText = new long[Channels.Length];

    public void Add(Interaction interaction)
    {
        _interactions[(int)interaction.Channel]++;
        if (interaction.HasText)
        {
            _withText[(int)interaction.Channel]++;
        }
    }

    /// <summary>Each channel with at least one interaction: (name, interactions, with text).</summary>
    public IEnumerable<(string Channel, long Interactions, long WithText)> Counts()
    {
        foreach (var channel in Channels)
        {
            if (_interactions[(int)channel] > 0)
            {
                yield return (channel.ToName(), _interactions[(int)channel], _withText[(int)channel]);
            }
        }
    }
}
