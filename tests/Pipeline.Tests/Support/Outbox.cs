using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Scoring;
using Pipeline.Core.Storage;

namespace Pipeline.Tests.Support;

/// <summary>Puts bumps in a store's outbox the way scoring does: interactions, then one scoring batch committed with its scores and bumps.</summary>
public static class Outbox
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public static BumpRequest Bump(Interaction interaction, string? ticket, TicketPriority priority = TicketPriority.Urgent, string rule = "critical-anger", string version = "v1") =>
        new(interaction.Id, interaction.Channel, ticket, rule, version, priority, $"rule {rule} ({version}): anger critical (score 9); words: furious, lawyer",
            AngerLevel.Critical, ["anger", "legal"], ["furious", "lawyer"], $"{ticket ?? interaction.Id}|{version}|{rule}", At);

    public static InteractionScore Score(Interaction interaction) =>
        new(interaction.Id, "v1", SentimentClass.Negative, -0.8, 0.9, 0.05, 0.05, AngerLevel.Critical, 9, ["anger", "legal"], "critical: score 9", 0, null, null, new Dictionary<int, double>(), At);

    /// <summary>One interaction and one bump per ticket (<c>null</c>: escalated, no ticket); returns the bumps as requested.</summary>
    public static async Task<IReadOnlyList<BumpRequest>> SeedAsync(IInteractionStore store, IReadOnlyList<string?> tickets, TicketPriority priority = TicketPriority.Urgent)
    {
        var run = await store.BeginRunAsync("test", [], At, CancellationToken.None);
        var interactions = tickets.Select(_ => Some.Interaction()).ToList();
        await store.WriteAsync(run, interactions, CancellationToken.None);
        var bumps = interactions.Select((interaction, i) => Bump(interaction, tickets[i], priority)).ToList();
        await using var batch = await store.ClaimUnscoredAsync("v1", 10_000, null, CancellationToken.None);
        var claimed = batch.Interactions.Select(i => i.Id).ToHashSet();
        await batch.CommitAsync(interactions.Where(i => claimed.Contains(i.Id)).Select(Score).ToList(), bumps, CancellationToken.None);
        return bumps;
    }
}
