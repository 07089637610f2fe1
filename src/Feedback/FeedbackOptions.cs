using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Feedback.Sinks;

namespace Pipeline.Feedback;

/// <summary>
/// Configuration section <c>Feedback</c>: the bump rules, where an interaction's ticket id comes from, the sink that
/// delivers bumps (a JSON-lines file by default, the helpdesk's HTTP API, or a signed webhook) and the retry policy.
/// Secrets (the helpdesk token, the webhook key) come from environment variables named here, never from a file.
/// </summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>The rules' version: part of each bump's idempotency key; raise it when the rules change their meaning.</summary>
    public string RuleVersion { get; set; } = "v1";

    /// <summary>Rules in order; when several fire, the one with the highest priority wins (the first among equals).</summary>
    public List<BumpRule> Rules { get; set; } = [];

    /// <summary>Per channel: "ticket" (the id the reader found), "metadata:KEY" (a source field) or "none".</summary>
    public Dictionary<string, string> TicketId { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["complaint"] = "ticket",
        ["email"] = "ticket",
        ["call"] = "ticket",
    };

    /// <summary>"jsonl", "http" or "webhook".</summary>
    public string Sink { get; set; } = "jsonl";

    public JsonLinesSinkOptions JsonLines { get; set; } = new();

    public HelpdeskSinkOptions Http { get; set; } = new();

    public WebhookSinkOptions Webhook { get; set; } = new();

    /// <summary>Attempts before a bump is dead (kept with its last error).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits about this long; each next one twice as long (with jitter), up to <see cref="MaxDelaySeconds"/>.</summary>
    public double BaseDelaySeconds { get; set; } = 5;

    public double MaxDelaySeconds { get; set; } = 900;

    /// <summary>A 429's Retry-After is honoured up to this long.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 3600;

    /// <summary>How long a dispatcher holds the bumps it claimed; a dispatcher that dies releases them when it ends.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>Bumps claimed at a time.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary><c>dispatch</c> waits for retries that fall due within this many seconds before it ends.</summary>
    public double MaxWaitSeconds { get; set; } = 30;

    public static readonly string[] Sinks = ["jsonl", "http", "webhook"];

    /// <summary>Every problem, each naming its key; <paramref name="environment"/> reads environment variables (the secrets).</summary>
    public IEnumerable<string> Validate(Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(RuleVersion))
        {
            yield return $"{Section}:RuleVersion is empty";
        }

        if (Rules.Count == 0)
        {
            yield return $"{Section}:Rules is empty: at least one rule maps an anger level to a priority";
        }

        foreach (var (rule, i) in Rules.Select((r, i) => (r, i)))
        {
            foreach (var problem in rule.Validate($"{Section}:Rules:{i}"))
            {
                yield return problem;
            }
        }

        foreach (var duplicate in Rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"{Section}:Rules: the name '{duplicate.Key}' is used {duplicate.Count()} times";
        }

        foreach (var (channel, source) in TicketId)
        {
            if (!Core.ChannelNames.TryParse(channel, out _))
            {
                yield return $"{Section}:TicketId:{channel} is not a channel (complaint, email, call)";
            }

            if (source is not ("ticket" or "none") && !(source.StartsWith("metadata:", StringComparison.Ordinal) && source.Length > "metadata:".Length))
            {
                yield return $"{Section}:TicketId:{channel} '{source}' is not 'ticket', 'metadata:FIELD' or 'none'";
            }
        }

        if (!Sinks.Contains(Sink))
        {
            yield return $"{Section}:Sink '{Sink}' is not a known sink ({string.Join(", ", Sinks)})";
        }
        else
        {
            var problems = Sink switch
            {
                "jsonl" => JsonLines.Validate(),
                "http" => Http.Validate(environment),
                _ => Webhook.Validate(environment),
            };
            foreach (var problem in problems)
            {
                yield return problem;
            }
        }

        if (MaxAttempts < 1)
        {
            yield return $"{Section}:MaxAttempts must be at least 1";
        }

        if (BaseDelaySeconds <= 0 || MaxDelaySeconds < BaseDelaySeconds)
        {
            yield return $"{Section}:BaseDelaySeconds must be above 0 and MaxDelaySeconds at least as long";
        }

        if (LeaseSeconds <= 0 || BatchSize < 1 || MaxWaitSeconds < 0 || MaxRetryAfterSeconds <= 0)
        {
            yield return $"{Section}: LeaseSeconds and MaxRetryAfterSeconds must be above 0, BatchSize at least 1, MaxWaitSeconds not negative";
        }

        // A bump is sent only while its batch's lease outlasts the longest delivery (BumpDispatcher): one must fit.
        var (longest, how) = Sink switch
        {
            "http" => (Http.LongestDeliverySeconds, $"a GET and a PUT of Feedback:Http:TimeoutSeconds {Http.TimeoutSeconds}"),
            "webhook" => (Webhook.LongestDeliverySeconds, $"a POST of Feedback:Webhook:TimeoutSeconds {Webhook.TimeoutSeconds}"),
            _ => (0.0, ""),
        };
        if (LeaseSeconds > 0 && longest >= LeaseSeconds)
        {
            yield return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{Section}:LeaseSeconds {LeaseSeconds} must be longer than one delivery via {Sink} can take ({how}: {longest} s): raise it or lower the timeout");
        }
    }
}

/// <summary>
/// One bump rule: an interaction whose anger level is at least <see cref="MinLevel"/>, that has one of
/// <see cref="Categories"/> (any, when empty) and at least <see cref="MinRecentContacts"/> other recent contacts,
/// raises its ticket to <see cref="Priority"/>.
/// </summary>
public sealed class BumpRule
{
    public string Name { get; set; } = "";

    /// <summary>none, watch, high or critical (read as <see cref="MinimumLevel()"/>).</summary>
    public string MinLevel { get; set; } = "high";

    /// <summary><see cref="MinLevel"/> as the level it names; only valid once <see cref="Validate"/> found no error.</summary>
    public AngerLevel MinimumLevel() => AngerLevelNames.Parse(MinLevel);

    public List<string> Categories { get; set; } = [];

    public int MinRecentContacts { get; set; }

    /// <summary>low, normal, high or urgent.</summary>
    public string Priority { get; set; } = "high";

    public IEnumerable<string> Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{key}:Name is empty";
        }

        var known = AngerLevelNames.TryParse(MinLevel, out var level);
        if (!known)
        {
            yield return $"{key}:MinLevel '{MinLevel}' is not none, watch, high or critical";
        }

        if (!TicketPriorities.TryParse(Priority, out _))
        {
            yield return $"{key}:Priority '{Priority}' is not low, normal, high or urgent";
        }

        if (MinRecentContacts < 0)
        {
            yield return $"{key}:MinRecentContacts must not be negative";
        }

        if (known && level == AngerLevel.None && Categories.Count == 0 && MinRecentContacts == 0)
        {
            yield return $"{key}: MinLevel none with no category and no repeat contacts would bump every interaction";
        }
    }
}
