namespace Pipeline.Core.Feedback;

/// <summary>What the score stage knows of an interaction's escalation, for the bump rules.</summary>
public sealed record EscalationFacts(AngerLevel AngerLevel, double AngerScore, IReadOnlyList<string> Categories, IReadOnlyList<string> Terms, string Explanation, int RecentContacts);

/// <summary>
/// Decides, while an interaction is scored, whether its ticket gets a priority bump (implemented by the configured
/// rules in src/Feedback; the score stage only asks). Must not throw for ordinary input.
/// </summary>
public interface IBumpPolicy
{
    /// <summary>The rules' version: part of every bump's idempotency key.</summary>
    string Version { get; }

    /// <returns>The bump to write with the score, or <c>null</c> when no rule fires.</returns>
    BumpRequest? Decide(Interaction interaction, EscalationFacts facts, DateTimeOffset now);
}
