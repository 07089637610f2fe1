using System.Globalization;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;
using Pipeline.Storage;

namespace Pipeline.Tests.Support;

/// <summary>
/// The stages run as processes of the real CLI, as the crash and fault tests run them: one folder, store and helpdesk
/// per run, each stage run to its end, and two runs' stores and helpdesks compared.
/// </summary>
public static class StageRuns
{
    public const string Token = "crash-token-5e1f";
    public const string Week = "2019-W26";
    public static readonly string[] Stages = ["ingest", "score", "dispatch", "report"];

    /// <summary>
    /// Runs every stage to its end on the clean setup, the helpdesks told the tickets of its bumps before dispatch;
    /// returns how long each stage took.
    /// </summary>
    public static async Task<Dictionary<string, TimeSpan>> RunCleanAsync(Setup clean, params FakeHelpdesk[] desks)
    {
        var took = new Dictionary<string, TimeSpan>();
        foreach (var stage in Stages)
        {
            if (stage == "dispatch")
            {
                await KnowTicketsAsync(clean, desks);
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            await CompleteAsync(clean, stage);
            took[stage] = watch.Elapsed;
        }

        return took;
    }

    /// <summary>The helpdesks know the tickets the clean run's bumps name, each at normal priority.</summary>
    public static async Task KnowTicketsAsync(Setup clean, params FakeHelpdesk[] desks)
    {
        await using var store = await StoreFactory.OpenAsync(clean.Store, CancellationToken.None);
        var bumps = await ((IBumpStore)store).ListBumpsAsync(BumpStatus.Pending, CancellationToken.None);
        Assert.That(bumps, Is.Not.Empty, "the sample's scoring asks for bumps with tickets, for dispatch to deliver");
        foreach (var ticket in bumps.Select(b => b.Request.TicketId).OfType<string>())
        {
            foreach (var desk in desks)
            {
                desk.Priorities[ticket] = "normal";
            }
        }
    }

    /// <summary>How many bumps of the store are still pending.</summary>
    public static async Task<int> PendingAsync(string connection)
    {
        await using var store = await StoreFactory.OpenAsync(connection, CancellationToken.None);
        return (await ((IBumpStore)store).ListBumpsAsync(BumpStatus.Pending, CancellationToken.None)).Count;
    }

    public static string[] Arguments(string stage) => stage switch
    {
        "ingest" => ["ingest", Path.Combine(TestPaths.Data, "complaints"), Path.Combine(TestPaths.Data, "emails"), Path.Combine(TestPaths.Data, "transcripts")],
        "report" => ["report", "--week", Week],
        _ => [stage],
    };

    /// <summary>Runs the stage to its end: until it exits 0 and, for dispatch, until nothing is left pending (a killed dispatcher's lease runs out first).</summary>
    public static async Task CompleteAsync(Setup setup, string stage)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await CliProcess.RunAsync(setup.Directory, setup.Environment, Arguments(stage));
            Assert.That(result.ExitCode, Is.Zero, $"{setup.Name} {stage}: {result.Stderr}");
            if (stage != "dispatch")
            {
                return;
            }

            if (await PendingAsync(setup.Store) == 0)
            {
                return;
            }

            Assert.That(attempt, Is.LessThan(10), $"{setup.Name}: bumps still pending after {attempt} complete dispatch runs");
            await Task.Delay(TimeSpan.FromSeconds(Setup.LeaseSeconds));
        }
    }

    public static async Task AssertSameAsync(Setup clean, Setup crashed, FakeHelpdesk cleanDesk, FakeHelpdesk crashDesk)
    {
        var expected = await Contents.ReadAsync(clean.Store);
        var actual = await Contents.ReadAsync(crashed.Store);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Interactions, Has.Count.EqualTo(expected.Interactions.Count), "as many interactions as the clean run");
            Assert.That(actual.Interactions, Is.EqualTo(expected.Interactions), "the same interactions");
            Assert.That(actual.Scores, Is.EqualTo(expected.Scores), "the same scores");
            Assert.That(actual.Bumps, Is.EqualTo(expected.Bumps), "the same bumps, each sent");
            Assert.That(actual.Bumps.Select(b => b.Status), Has.All.Not.EqualTo("pending"));
            Assert.That(crashDesk.Applied, Is.EquivalentTo(cleanDesk.Applied), "each ticket changed as often as in the clean run");
            Assert.That(crashDesk.Applied.Values, Has.All.EqualTo(1), "each ticket changed once");
            Assert.That(Keys(crashDesk), Is.EquivalentTo(Keys(cleanDesk)), "every bump's key reached the helpdesk");
            Assert.That(crashDesk.Lowerings, Is.Zero);
        });

        static IEnumerable<string> Keys(FakeHelpdesk desk) => desk.Snapshot().Where(r => r.Method == "PUT" && r.IdempotencyKey is not null).Select(r => r.IdempotencyKey!).Distinct();
    }

    /// <summary>A store's contents in comparable form (the times of the runs left out).</summary>
    private sealed record Contents(List<string> Interactions, List<string> Scores, List<(string Key, string Status)> Bumps)
    {
        public static async Task<Contents> ReadAsync(string connection)
        {
            await using var store = await StoreFactory.OpenAsync(connection, CancellationToken.None);
            var interactions = new List<string>();
            await foreach (var i in store.ReadAsync(null, CancellationToken.None))
            {
                interactions.Add(string.Join('\u001f', i.Id, i.Channel, i.ReceivedAt.ToString("O"), i.Text, i.Subject, i.Product, i.Issue, i.Company,
                    i.CustomerKey, i.TicketId, i.Language, i.Source.Path, i.Source.Locator, i.Turns.Count, string.Join(',', i.CustomerIdentifiers)));
            }

            var scores = (await StoredScores.ListAsync(connection))
                .Select(s => string.Join('\u001f', s.InteractionId, s.VersionKey, s.SentimentClass, s.SentimentScore, s.Negative, s.Neutral, s.Positive,
                    s.AngerLevel, s.AngerScore, s.AngerExplanation, string.Join(',', s.AngerCategories), s.RecentContacts, s.TopicId, s.TopicWeight))
                .Order(StringComparer.Ordinal).ToList();
            var bumps = (await ((IBumpStore)store).ListBumpsAsync(null, CancellationToken.None))
                .Select(b => (b.Request.IdempotencyKey, b.Status.ToName())).Order().ToList();
            interactions.Sort(StringComparer.Ordinal);
            return new Contents(interactions, scores, bumps);
        }
    }

    /// <summary>One run's folder, store and settings: real models, a helpdesk on 127.0.0.1, reports in the folder.</summary>
    public sealed record Setup(string Name, string Directory, string Store, string? SqlitePath, Dictionary<string, string> Environment)
    {
        public const double LeaseSeconds = 4;

        public static async Task<Setup> CreateAsync(string kind, string name, FakeHelpdesk desk, (string Sentiment, string Topics) models, string keyFile, string? server = null)
        {
            var directory = TestPaths.NewScratch("crash-" + name);
            var sqlite = kind == "sqlite" ? Path.Combine(directory, "p.db") : null;
            var store = sqlite is not null ? "sqlite:" + sqlite
                : "postgres:" + (server is null ? await TestPostgres.CreateDatabaseAsync() : await TestPostgres.CreateDatabaseAsync(server));
            var environment = new Dictionary<string, string>
            {
                ["PIPELINE_Store__ConnectionString"] = store,
                ["PIPELINE_Privacy__CustomerKeyFile"] = keyFile,
                ["PIPELINE_Sentiment__ModelDirectory"] = models.Sentiment,
                ["PIPELINE_Topics__ModelDirectory"] = models.Topics,
                ["PIPELINE_Topics__LabelsFile"] = Path.Combine(directory, "topic-labels.json"),
                ["PIPELINE_Reports__OutputDirectory"] = Path.Combine(directory, "reports"),
                ["PIPELINE_Reports__FontDirectory"] = Path.Combine(TestPaths.Data, "fonts"),
                ["PIPELINE_Feedback__Sink"] = "http",
                ["PIPELINE_Feedback__Http__BaseUrl"] = desk.BaseAddress.ToString(),
                ["PIPELINE_Feedback__Http__TimeoutSeconds"] = "1.9",
                ["PIPELINE_HELPDESK_TOKEN"] = Token,
                ["PIPELINE_Feedback__LeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
                ["PIPELINE_Feedback__BaseDelaySeconds"] = "0.05",
                ["PIPELINE_Feedback__MaxDelaySeconds"] = "0.2",
                ["PIPELINE_Feedback__MaxWaitSeconds"] = "10",

                // Small claims, so that a killed dispatcher strands only a few bumps until its lease ends.
                ["PIPELINE_Feedback__BatchSize"] = "10",
                ["CI"] = "true",
            };
            return new Setup(name, directory, store, sqlite, environment);
        }
    }
}
