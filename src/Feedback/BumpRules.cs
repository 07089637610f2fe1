using System.Security.Cryptography;
using System.Text;
using Pipeline.Core;
using Pipeline.Core.Feedback;

namespace Pipeline.Feedback;

/// <summary>
/// The configured bump rules as the score stage's <see cref="IBumpPolicy"/>: the rule with the highest target
/// priority among those that fire decides; its name is the bump's reason, and the ticket, the rules' version and
/// the rule make the idempotency key, so a ticket is bumped at most once per rule version and reason.
/// </summary>
public sealed class BumpRules(FeedbackOptions options) : IBumpPolicy
{
    public string Version => options.RuleVersion;

    public BumpRequest? Decide(Interaction interaction, EscalationFacts facts, DateTimeOffset now)
    {
        BumpRule? best = null;
        foreach (var rule in options.Rules)
        {
            var fires = facts.AngerLevel >= rule.MinimumLevel()
                && (rule.Categories.Count == 0 || rule.Categories.Any(c => facts.Categories.Contains(c, StringComparer.OrdinalIgnoreCase)))
                && facts.RecentContacts >= rule.MinRecentContacts;
            if (fires && (best is null || TicketPriorities.Parse(rule.Priority) > TicketPriorities.Parse(best.Priority)))
            {
                best = rule;
            }
        }

        if (best is null)
        {
            return null;
        }

        var ticket = TicketOf(interaction);
        var key = ticket is null ? $"no-ticket|{interaction.Id}|{Version}|{best.Name}" : $"ticket|{ticket}|{Version}|{best.Name}";
        return new BumpRequest(
            interaction.Id, interaction.Channel, ticket, best.Name, Version, TicketPriorities.Parse(best.Priority), Reason(best, facts),
            facts.AngerLevel, facts.Categories, facts.Terms, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32], now);
    }

    /// <summary>The ticket id as <see cref="FeedbackOptions.TicketId"/> says for the channel, or <c>null</c>.</summary>
    public string? TicketOf(Interaction interaction)
    {
        var source = options.TicketId.TryGetValue(interaction.Channel.ToName(), out var configured) ? configured : "ticket";
        var id = source switch
        {
            "ticket" => interaction.TicketId,
            "none" => null,
            _ => interaction.Metadata.TryGetValue(source["metadata:".Length..], out var value) ? value : null,
        };
        return string.IsNullOrWhiteSpace(id) ? null : id.Trim();
    }

    /// <summary>"rule legal-threat (v1): anger watch (score 2), legal; words: lawyer, sue; 2 other contacts in the repeat window".</summary>
    private string Reason(BumpRule rule, EscalationFacts facts)
    {
        var text = new StringBuilder($"rule {rule.Name} ({Version}): anger {facts.AngerLevel.ToName()} (score {facts.AngerScore.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)})");
        if (facts.Categories.Count > 0)
        {
            text.Append(", ").Append(string.Join(", ", facts.Categories));
        }

        if (facts.Terms.Count > 0)
        {
            text.Append("; words: ").Append(string.Join(", ", facts.Terms));
        }

        if (facts.RecentContacts > 0)
        {
            text.Append($"; {facts.RecentContacts} other contacts in the repeat window");
        }

        return text.ToString();
    }
}
