using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Feedback;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Feedback;

public class BumpRulesTests
{
    /// <summary>The shipped rules (src/Cli/appsettings.json).</summary>
    private static FeedbackOptions Shipped() => new()
    {
        RuleVersion = "v1",
        Rules =
        [
            new() { Name = "critical-anger", MinLevel = "critical", Priority = "urgent" },
            new() { Name = "legal-threat", MinLevel = "watch", Categories = ["legal"], Priority = "urgent" },
            new() { Name = "regulator-threat", MinLevel = "high", Categories = ["regulator"], Priority = "urgent" },
            new() { Name = "high-anger", MinLevel = "high", Priority = "high" },
            new() { Name = "angry-repeat-contact", MinLevel = "watch", MinRecentContacts = 2, Priority = "high" },
        ],
    };

    private static EscalationFacts Facts(string level, string categories = "", int recent = 0) =>
        new(AngerLevelNames.Parse(level), 3, categories.Split(',', StringSplitOptions.RemoveEmptyEntries), ["furious"], level, recent);

    [TestCase("none", "", 0, null, null)]
    [TestCase("watch", "anger", 0, null, null)]
    [TestCase("watch", "anger", 2, "angry-repeat-contact", "high")]
    [TestCase("watch", "legal", 0, "legal-threat", "urgent")]
    [TestCase("watch", "regulator", 0, null, null)]
    [TestCase("high", "regulator", 0, "regulator-threat", "urgent")]
    [TestCase("high", "anger", 0, "high-anger", "high")]
    [TestCase("high", "anger,legal", 5, "legal-threat", "urgent")]
    [TestCase("critical", "anger", 0, "critical-anger", "urgent")]
    public void Decide_LevelCategoriesAndRepeats_TheHighestPriorityRuleWins(string level, string categories, int recent, string? rule, string? priority)
    {
        var bump = new BumpRules(Shipped()).Decide(Some.Interaction(), Facts(level, categories, recent), Outbox.At);

        Assert.That((bump?.Rule, bump?.Priority.ToName()), Is.EqualTo((rule, priority)));
    }

    [Test]
    public void Decide_SameTicketAndRuleTwice_GivesTheSameIdempotencyKeyAndANewVersionAnother()
    {
        var rules = new BumpRules(Shipped());
        var first = rules.Decide(Some.Interaction(), Facts("critical"), Outbox.At)!;
        var again = rules.Decide(Some.Interaction(), Facts("critical"), Outbox.At.AddDays(3))!;
        var options = Shipped();
        options.RuleVersion = "v2";
        var newVersion = new BumpRules(options).Decide(Some.Interaction(), Facts("critical"), Outbox.At)!;

        Assert.That(again.IdempotencyKey, Is.EqualTo(first.IdempotencyKey), "one bump per ticket, rule version and rule");
        Assert.That(newVersion.IdempotencyKey, Is.Not.EqualTo(first.IdempotencyKey));
        Assert.That(first.IdempotencyKey, Has.Length.EqualTo(32));
    }

    [TestCase("ticket", "T-1")]
    [TestCase("metadata:State", "FL")]
    [TestCase("metadata:Missing", null)]
    [TestCase("none", null)]
    public void Decide_TicketIdSource_IsReadPerChannel(string source, string? expected)
    {
        var options = Shipped();
        options.TicketId["email"] = source;

        var bump = new BumpRules(options).Decide(Some.Interaction(channel: Channel.Email), Facts("critical"), Outbox.At)!;

        Assert.That(bump.TicketId, Is.EqualTo(expected), "no ticket is kept as a bump with none, never dropped");
    }

    [Test]
    public void Decide_Reason_NamesTheRuleTheWordsAndTheRepeats()
    {
        var bump = new BumpRules(Shipped()).Decide(Some.Interaction(), Facts("watch", "anger,legal", 2), Outbox.At)!;

        Assert.That(bump.Reason, Is.EqualTo("rule legal-threat (v1): anger watch (score 3), anger, legal; words: furious; 2 other contacts in the repeat window"));
    }

    [Test]
    public void Validate_BadRulesSinkAndMissingSecrets_NamesEveryKey()
    {
        var options = new FeedbackOptions
        {
            Rules = [new() { Name = "a", MinLevel = "furious", Priority = "asap" }, new() { Name = "a", MinLevel = "none" }],
            Sink = "pigeon",
            TicketId = new(StringComparer.OrdinalIgnoreCase) { ["fax"] = "ticket", ["email"] = "subject" },
            MaxAttempts = 0,
        };

        var problems = options.Validate(_ => null).ToList();

        Assert.That(problems, Has.Some.StartsWith("Feedback:Rules:0:MinLevel 'furious'"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:Rules:0:Priority 'asap'"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:Rules:1: MinLevel none with no category"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:Rules: the name 'a' is used 2 times"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:Sink 'pigeon' is not a known sink"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:TicketId:fax is not a channel"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:TicketId:email 'subject'"));
        Assert.That(problems, Has.Some.StartsWith("Feedback:MaxAttempts"));
    }

    [TestCase("http", "Feedback:Http:TokenVariable: the environment variable 'PIPELINE_HELPDESK_TOKEN'")]
    [TestCase("webhook", "Feedback:Webhook:SecretVariable: the environment variable 'PIPELINE_WEBHOOK_SECRET'")]
    public void Validate_SinkWithoutItsSecret_NamesTheVariable(string sink, string expected)
    {
        var options = Shipped();
        options.Sink = sink;
        options.Http.BaseUrl = "https://help.example.com";
        options.Webhook.Url = "https://hooks.example.com/bumps";

        Assert.That(options.Validate(_ => null), Has.Some.StartsWith(expected));
        Assert.That(options.Validate(_ => "a secret of some length"), Is.Empty);
    }

    [TestCase("http", 30, 15, "Feedback:LeaseSeconds 30 must be longer than one delivery via http can take (a GET and a PUT of Feedback:Http:TimeoutSeconds 15: 30 s)")]
    [TestCase("webhook", 10, 15, "Feedback:LeaseSeconds 10 must be longer than one delivery via webhook can take (a POST of Feedback:Webhook:TimeoutSeconds 15: 15 s)")]
    [TestCase("http", 31, 15, null)]
    [TestCase("jsonl", 1, 15, null)]
    public void Validate_LeaseShorterThanOneDelivery_SaysSo(string sink, double lease, double timeout, string? expected)
    {
        var options = Shipped();
        options.Sink = sink;
        options.LeaseSeconds = lease;
        options.Http.BaseUrl = "https://help.example.com";
        options.Http.TimeoutSeconds = timeout;
        options.Webhook.Url = "https://hooks.example.com/bumps";
        options.Webhook.TimeoutSeconds = timeout;

        var problems = options.Validate(_ => "a secret of some length").ToList();

        Assert.That(problems, expected is null ? Is.Empty : Has.Some.StartsWith(expected));
    }
}
