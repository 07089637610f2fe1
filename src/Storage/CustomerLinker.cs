using Pipeline.Core;

namespace Pipeline.Storage;

/// <summary>
/// Links the interactions of a batch to customers the store already knows. An interaction names one
/// or more identifiers (keyed hashes, strongest first); if any of them is already linked, the
/// interaction joins that customer (the strongest linked identifier wins), otherwise its own key
/// stands. Every identifier not yet linked is then linked to the interaction's customer. So an e-mail
/// (address) followed by a call that gives the address and a phone number, followed by a call with the
/// phone number only, is one customer. Customers are never merged after the fact.
/// </summary>
internal static class CustomerLinker
{
    public sealed record Result(IReadOnlyList<Interaction> Batch, IReadOnlyList<KeyValuePair<string, string>> NewLinks);

    public static IEnumerable<string> IdentifiersOf(IReadOnlyList<Interaction> batch) =>
        batch.SelectMany(i => i.CustomerIdentifiers).Distinct(StringComparer.Ordinal);

    /// <param name="known">Identifier → customer key, as stored, for the batch's identifiers.</param>
    public static Result Link(IReadOnlyList<Interaction> batch, IReadOnlyDictionary<string, string> known)
    {
        var links = new Dictionary<string, string>(known, StringComparer.Ordinal);
        var newLinks = new List<KeyValuePair<string, string>>();
        var linked = new Interaction[batch.Count];
        for (var n = 0; n < batch.Count; n++)
        {
            var interaction = batch[n];
            if (interaction.CustomerIdentifiers.Count == 0)
            {
                linked[n] = interaction;
                continue;
            }

            string? customer = null;
            foreach (var identifier in interaction.CustomerIdentifiers)
            {
                if (links.TryGetValue(identifier, out var existing))
                {
                    customer = existing;
                    break;
                }
            }

            customer ??= interaction.CustomerKey ?? throw new InvalidOperationException($"Interaction {interaction.Id} names identifiers but has no customer key.");
            foreach (var identifier in interaction.CustomerIdentifiers)
            {
                if (links.TryAdd(identifier, customer))
                {
                    newLinks.Add(new(identifier, customer));
                }
            }

            linked[n] = interaction.CustomerKey == customer ? interaction : interaction with { CustomerKey = customer };
        }

        return new Result(linked, newLinks);
    }
}
