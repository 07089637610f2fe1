using System.IO.Compression;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

public class CliTests
{
    private string _scratch = null!;

    private Dictionary<string, string> Environment => new()
    {
        ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(_scratch, "pipeline.key"),
        ["PIPELINE_Sentiment__ModelDirectory"] = Path.Combine(_scratch, "models", "sentiment"),
        ["PIPELINE_Topics__ModelDirectory"] = Path.Combine(_scratch, "models", "topics"),
        ["PIPELINE_Topics__LabelsFile"] = Path.Combine(_scratch, "topic-labels.json"),
        ["PIPELINE_Topics__StopWordsFile"] = Path.Combine(TestPaths.Data, "topics", "stopwords.txt"),
        ["PIPELINE_Reports__OutputDirectory"] = Path.Combine(_scratch, "reports"),
        ["PIPELINE_Feedback__JsonLines__Path"] = Path.Combine(_scratch, "bumps", "priority-bumps.jsonl"),
        ["PIPELINE_Reports__FontDirectory"] = Path.Combine(TestPaths.Data, "fonts"),
        // Fewer, shorter fits than the shipped settings: the same code path in seconds.
        ["PIPELINE_Topics__MinTopics"] = "4",
        ["PIPELINE_Topics__MaxTopics"] = "6",
        ["PIPELINE_Topics__Restarts"] = "2",
        ["PIPELINE_Topics__Iterations"] = "60",
        ["CI"] = "true",
    };

    [SetUp]
    public void SetUp() => _scratch = TestPaths.NewScratch("cli");

    [Test]
    public async Task Run_ShippedSampleTwiceThenALateComplaint_ReportsEveryNewWeekThenTheLatestThenTheLateOne()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "pipeline.db");

        var first = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "run", "--store", store);
        var second = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "run", "--store", store);

        Assert.That(first.ExitCode, Is.Zero, first.Stderr);
        Assert.That(first.Stdout, Does.Contain("files 65, records read 6,848, stored 6,848, duplicates skipped 0, rejected 0, unreadable files 0"));
        Assert.That(first.Stdout, Does.Contain("records/s"));
        Assert.That(first.Stdout, Does.Contain("complaint 6,754, email 60, call 34"));
        Assert.That(first.Stderr, Does.Contain("Created a new customer-linking key"));
        Assert.That(first.Stderr, Does.Contain("No sentiment model"), "a fresh clone trains the model on first use");
        Assert.That(first.Stderr, Does.Contain("No topic model"), "a fresh clone fits the topics on the store on first use");
        Assert.That(first.Stdout, Does.Match(@"scored 6,848 interactions in [\d.]+ s with sentiment-lbfgs-v3\+\w+/sentiment-ru-stems-v2\+\w+/sentiment-zh-jieba-v2\+\w+\|topics-lda-v2\+\w+\|anger-v1\+\w+: sentiment negative [\d,]+, neutral [\d,]+, positive [\d,]+; anger none [\d,]+, watch [\d,]+, high [\d,]+, critical [\d,]+; a dominant topic for 1,[67]\d\d"));
        Assert.That(first.Stdout, Does.Not.Contain("loglikelihood").And.Not.Contain("thread"), "ML.NET's LDA progress stays out of the CLI's output");
        Assert.That(first.Stdout, Does.Match(@"report 2025-W15: 1 interaction, \d+ flagged changes? of \d+ tests?, written to .*reports/2025-W15/report.html"), "run ends with the latest complete week");
        Assert.That(first.Stdout, Does.Match(@"report 2019-W14: 819 interactions, \d+ flagged changes of \d+ tests, written to"), "a first import reports every week it brought");
        Assert.That(first.Stdout, Does.Match(@"(?m)^161 weekly reports written \(2015-W\d\d to 2025-W15\)\.$"));
        Assert.That(first.Stdout, Does.Match(@"The busiest, 2019-W14 \(819 interactions, \d+ flagged changes\): .*reports/2019-W14/report.html\n  1\. .+\n(  \d\. .+\n){4}index of the weeks: .*reports/index.html \(161 weeks\)"),
            "the output ends with a full week's summary and the index");
        Assert.That(Directory.GetDirectories(Path.Combine(_scratch, "reports")), Has.Length.EqualTo(161));
        var index = File.ReadAllText(Path.Combine(_scratch, "reports", "index.html"));
        Assert.That(index, Does.Contain("href=\"2025-W15/report.html\"").And.Contain("href=\"2019-W14/report.html\""));
        var dispatched = System.Text.RegularExpressions.Regex.Match(first.Stdout, @"dispatched (\d+) bumps via jsonl in [\d.]+ s \(\d+ attempts\): raised (\d+), already at least as high 0, waiting for a retry 0, dead 0");
        Assert.That(dispatched.Success, Is.True, "run delivers the bumps to the JSON-lines sink by default");
        Assert.That(dispatched.Groups[2].Value, Is.EqualTo(dispatched.Groups[1].Value).And.Not.EqualTo("0"));
        Assert.That(File.ReadAllLines(Path.Combine(_scratch, "bumps", "priority-bumps.jsonl")), Has.Length.EqualTo(int.Parse(dispatched.Groups[1].Value)));
        Assert.That(second.Stdout, Does.Contain("dispatched 0 bumps"), "a re-run bumps nothing again");
        Assert.That(second.ExitCode, Is.Zero, second.Stderr);
        Assert.That(second.Stdout, Does.Contain("stored 0, duplicates skipped 6,848"));
        Assert.That(second.Stdout, Does.Contain("scored 0 interactions"));
        Assert.That(second.Stderr, Does.Not.Contain("Created a new customer-linking key"));
        Assert.That(second.Stdout, Does.Contain("report 2025-W15: ").And.Contain("index of the weeks: ").And.Contain("(161 weeks)"));
        Assert.That(second.Stdout, Does.Not.Contain("report 2019-W14"), "nothing new: only the latest complete week is written again");

        // A late complaint of an old week: that week's report is written again, with the latest week's.
        var late = Path.Combine(_scratch, "late");
        Directory.CreateDirectory(late);
        var sample = File.ReadLines(Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv")).First();
        File.WriteAllText(Path.Combine(late, "late.csv"), sample + "\n" +
            "2019-05-15,Debt collection,I do not know,Attempts to collect debt not owed,Debt is not yours,\"They keep calling about a debt I never had.\",,Example Collections,NY,10001,,Consent provided,Web,2019-05-15,Closed with explanation,Yes,N/A,9999999\n");
        var env = Environment;
        env["PIPELINE_Ingest__Sources__5__Path"] = late;
        var third = await CliProcess.RunAsync(TestPaths.RepoRoot, env, "run", "--store", store);

        Assert.That(third.ExitCode, Is.Zero, third.Stderr);
        Assert.That(third.Stdout, Does.Contain("stored 1, duplicates skipped 6,848"));
        Assert.That(third.Stdout, Does.Contain("report 2019-W20: ").And.Contain("report 2025-W15: ").And.Contain("2 weekly reports written (2019-W20 to 2025-W15)."));
        Assert.That(third.Stdout, Does.Not.Contain("report 2019-W14"));
    }

    [Test]
    public async Task TrainTopics_InputFile_WritesTopicsJsonAndTopicsPrintsItWithTheAnalystsLabels()
    {
        var output = Path.Combine(_scratch, "topics-out");
        var sample = Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv");

        var train = await CliProcess.RunAsync(_scratch, Environment, "train", "topics", "--input", sample, "--topics", "5", "--out", output);
        File.WriteAllText(Path.Combine(_scratch, "topic-labels.json"), """{"2": "our name for topic two"}""");
        var env = new Dictionary<string, string>(Environment) { ["PIPELINE_Topics__ModelDirectory"] = output };
        var json = await CliProcess.RunAsync(_scratch, env, "topics", "--json");
        var table = await CliProcess.RunAsync(_scratch, env, "topics");

        Assert.That(train.ExitCode, Is.Zero, train.Stderr);
        Assert.That(train.Stdout, Does.StartWith("fitted 5 topics on 1,500 documents"));
        Assert.That(train.Stdout, Does.Not.Contain("loglikelihood").And.Not.Contain("thread"), "ML.NET's LDA progress stays out of the CLI's output");
        Assert.That(File.Exists(Path.Combine(output, "model.zip")) && File.Exists(Path.Combine(output, "topics.json")), Is.True);
        Assert.That(json.ExitCode, Is.Zero, json.Stderr);
        using var topics = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.That(topics.RootElement.GetArrayLength(), Is.EqualTo(5));
        Assert.That(topics.RootElement[1].GetProperty("label").GetString(), Is.EqualTo("our name for topic two"));
        Assert.That(table.Stdout, Does.Contain("  2  our name for topic two"));
    }

    [Test]
    public async Task TrainTopics_ChineseInput_FitsChineseModelBesideEnglishAndTopicsPrintsBoth()
    {
        // CFPB-layout rows whose narratives are XED's Chinese subtitle lines (shipped), four to a narrative.
        var lines = Pipeline.Tests.Models.Topics.TopicLanguageTests.ChineseLines();
        var csv = new System.Text.StringBuilder("Date received,Product,Issue,Consumer complaint narrative,Company,Complaint ID\n");
        for (var i = 0; i + 4 <= lines.Count; i += 4)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2019-06-{1 + i % 28:00},Bank account,Fees,\"{string.Join("，", lines.Skip(i).Take(4)).Replace("\"", "", StringComparison.Ordinal)}\",Some Bank,{900000 + i}\n");
        }

        var input = Path.Combine(_scratch, "zh.csv");
        File.WriteAllText(input, csv.ToString());
        var english = Path.Combine(_scratch, "topics-out");
        var sample = Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv");
        var env = new Dictionary<string, string>(Environment) { ["PIPELINE_Topics__ModelDirectory"] = english };

        var trainEnglish = await CliProcess.RunAsync(_scratch, env, "train", "topics", "--input", sample, "--topics", "4");
        var trainChinese = await CliProcess.RunAsync(_scratch, env, "train", "topics", "--language", "zh", "--input", input, "--topics", "3");
        var table = await CliProcess.RunAsync(_scratch, env, "topics");

        Assert.That(trainEnglish.ExitCode, Is.Zero, trainEnglish.Stderr);
        Assert.That(trainChinese.ExitCode, Is.Zero, trainChinese.Stderr);
        Assert.That(trainChinese.Stdout, Does.StartWith("fitted 3 topics on "));
        Assert.That(trainChinese.Stderr, Does.Contain("for the Chinese topic model"));
        Assert.That(File.Exists(Path.Combine(english + "-zh", "model.json")), Is.True, "the Chinese model is in its own folder");
        Assert.That(table.ExitCode, Is.Zero, table.Stderr);
        Assert.That(table.Stdout, Does.Contain("English: topics-lda-v2+").And.Contain("Chinese: topics-lda-v2+").And.Contain("2001  "));
    }

    [Test]
    public async Task Topics_NoModel_ExitsWithConfigurationCodeSayingHowToFitOne()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "topics");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("train topics"));
    }

    [Test]
    public async Task Ingest_BadInputsFolder_CompletesWithExitZeroAndListsEveryReason()
    {
        var bad = BadInputs.Write(Path.Combine(_scratch, "bad"));
        var store = "sqlite:" + Path.Combine(_scratch, "pipeline.db");

        var ingest = await CliProcess.RunAsync(_scratch, Environment, "ingest", bad, "--store", store);
        var quarantine = await CliProcess.RunAsync(_scratch, Environment, "quarantine", "--store", store);

        Assert.That(ingest.ExitCode, Is.Zero);
        Assert.That(ingest.Stderr, Does.Contain("Cannot read " + Path.Combine(bad, "binary.csv") + ": binary file"));
        Assert.That(ingest.Stdout, Does.Contain("unreadable files 1"));
        foreach (var (file, reason) in BadInputs.Expected.Where(e => e.Key != "binary.csv"))
        {
            Assert.That(quarantine.Stdout.Split('\n'), Has.Some.Contains(file).And.Some.Contains(reason), file);
        }
    }

    [Test]
    public async Task Runs_AfterTwoIngests_ListsThemAndWithLastOnlyTheLatest()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "pipeline.db");
        var first = Path.Combine(_scratch, "first.csv");
        var second = Path.Combine(_scratch, "second.csv");
        await File.WriteAllTextAsync(first, BadInputs.CsvHeader + BadInputs.CsvRow("9000001") + BadInputs.CsvRow("9000002"));
        await File.WriteAllTextAsync(second, BadInputs.CsvHeader + BadInputs.CsvRow("9000002") + BadInputs.CsvRow("9000003"));
        // Named from the working folder: the table keeps a short input on one line.
        Assert.That((await CliProcess.RunAsync(_scratch, Environment, "ingest", "first.csv", "--store", store)).ExitCode, Is.Zero);
        Assert.That((await CliProcess.RunAsync(_scratch, Environment, "ingest", "second.csv", "--store", store)).ExitCode, Is.Zero);

        var all = await CliProcess.RunAsync(_scratch, Environment, "runs", "--store", store);
        var latest = await CliProcess.RunAsync(_scratch, Environment, "runs", "--last", "1", "--store", store);
        var none = await CliProcess.RunAsync(_scratch, Environment, "runs", "--last", "0", "--store", store);

        Assert.That(all.ExitCode, Is.Zero, all.Stderr);
        var rows = all.Stdout.Split('\n').Where(l => l.Contains("ingest", StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Does.Contain("first.csv").And.Match(@"\b2\s+2\s+0\s+0\b"), "read 2, stored 2, no duplicates, none rejected");
        Assert.That(rows[1], Does.Contain("second.csv").And.Match(@"\b2\s+1\s+1\s+0\b"), "read 2, stored 1, one duplicate, none rejected");
        Assert.That(all.Stdout, Does.Contain("2 runs"));
        Assert.That(latest.ExitCode, Is.Zero, latest.Stderr);
        Assert.That(latest.Stdout, Does.Contain("second.csv").And.Not.Contain("first.csv"));
        Assert.That(latest.Stdout, Does.Contain("the latest 1 of 2 runs"));
        Assert.That(none.ExitCode, Is.EqualTo(2), "a configuration error");
        Assert.That(none.Stderr, Does.Contain("--last 0"));
    }

    [Test]
    public async Task Ingest_GzippedInputs_ReadsTheSameInteractionsAsThePlainFilesAndSaysWhyABadOneIsNot()
    {
        var plain = Path.Combine(_scratch, "plain");
        var packed = Path.Combine(_scratch, "packed");
        Directory.CreateDirectory(plain);
        Directory.CreateDirectory(packed);
        var emails = Directory.GetFiles(Path.Combine(TestPaths.Data, "emails"), "*.eml").Order(StringComparer.Ordinal).Take(3).ToList();
        var mbox = string.Concat(emails.Select(e => "From sender@example.com Sun Jun  9 12:42:00 2019\n" + File.ReadAllText(e).ReplaceLineEndings("\n").TrimEnd('\n') + "\n\n"));
        var inputs = new Dictionary<string, byte[]>
        {
            ["complaints.csv"] = File.ReadAllBytes(Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv")),
            ["one.eml"] = File.ReadAllBytes(emails[0]),
            ["three.mbox"] = System.Text.Encoding.UTF8.GetBytes(mbox),
            ["calls.jsonl"] = File.ReadAllBytes(Path.Combine(TestPaths.Data, "transcripts", "harper_valley_conversations.jsonl")),
        };
        foreach (var (name, bytes) in inputs)
        {
            await File.WriteAllBytesAsync(Path.Combine(plain, name), bytes);
            await using var file = File.Create(Path.Combine(packed, name + ".gz"));
            await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
            await gzip.WriteAsync(bytes);
        }

        await File.WriteAllTextAsync(Path.Combine(packed, "bad.csv.gz"), "Complaint ID,Date received\n1,2019-01-01\n");
        var (first, second, plainStore, packedStore) = await IngestSideBySideAsync(plain, packed);

        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((0, 0)), second.Stderr);
        Assert.That(second.Stdout, Does.Contain("named .gz but not gzip data"));
        Assert.That(second.Stdout, Does.Contain("unreadable files 1"));
        Assert.That(await InteractionsAsync(packedStore), Is.EqualTo(await InteractionsAsync(plainStore)).And.Count.GreaterThan(6_000), "the same ids and texts");
        Assert.That((await InteractionsAsync(packedStore)).Count(i => i.StartsWith("email-", StringComparison.Ordinal)), Is.EqualTo(3), "the mbox's three messages");
    }

    /// <summary>Ingests the plain folder and the packed one into a store each (plain.db, and the packed folder's name .db).</summary>
    private async Task<(CliProcess.Result Plain, CliProcess.Result Packed, string PlainStore, string PackedStore)> IngestSideBySideAsync(string plain, string packed)
    {
        var plainStore = Path.Combine(_scratch, "plain.db");
        var packedStore = Path.Combine(_scratch, Path.GetFileName(packed) + ".db");
        var first = await CliProcess.RunAsync(_scratch, Environment, "ingest", plain, "--store", "sqlite:" + plainStore);
        var second = await CliProcess.RunAsync(_scratch, Environment, "ingest", packed, "--store", "sqlite:" + packedStore);
        return (first, second, plainStore, packedStore);
    }

    [Test]
    public async Task Ingest_ZipArchive_ReadsEachMemberByItsTypeAndSaysWhyABrokenArchiveIsNotRead()
    {
        var plain = Path.Combine(_scratch, "plain");
        var zipped = Path.Combine(_scratch, "zipped");
        Directory.CreateDirectory(plain);
        Directory.CreateDirectory(zipped);
        var complaints = Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv");
        var email = Directory.GetFiles(Path.Combine(TestPaths.Data, "emails"), "*.eml").Order(StringComparer.Ordinal).First();
        File.Copy(complaints, Path.Combine(plain, "complaints.csv"));
        File.Copy(email, Path.Combine(plain, "one.eml"));
        using (var archive = System.IO.Compression.ZipFile.Open(Path.Combine(zipped, "export.zip"), System.IO.Compression.ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(complaints, "complaints.csv");
            archive.CreateEntryFromFile(email, "mail/one.eml");
            archive.CreateEntry("__MACOSX/._complaints.csv");
            archive.CreateEntryFromFile(email, "../../escaped.eml");
        }

        await File.WriteAllTextAsync(Path.Combine(zipped, "broken.zip"), "PK\u0003\u0004 not really a zip");
        var (first, second, plainStore, zippedStore) = await IngestSideBySideAsync(plain, zipped);

        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((0, 0)), second.Stderr);
        Assert.That(second.Stderr, Does.Contain("export.zip/complaints.csv").And.Contain("export.zip/mail/one.eml"));
        Assert.That(second.Stderr, Does.Contain("broken.zip: the zip archive cannot be read"));
        Assert.That(second.Stderr, Does.Contain("export.zip/../../escaped.eml: refused: the archive member's name '../../escaped.eml' climbs out of the archive"),
            "a member named to climb out is said, not passed over");
        Assert.That(second.Stdout, Does.Contain("unreadable files 1"));
        Assert.That(await InteractionsAsync(zippedStore), Is.EqualTo(await InteractionsAsync(plainStore)).And.Count.GreaterThan(6_000), "the same ids and texts");
    }

    private static async Task<List<string>> InteractionsAsync(string sqlite)
    {
        await using var store = await Pipeline.Storage.StoreFactory.OpenAsync("sqlite:" + sqlite, CancellationToken.None);
        var all = new List<string>();
        await foreach (var interaction in store.ReadAsync(null, CancellationToken.None))
        {
            all.Add($"{interaction.Id}|{interaction.Text}");
        }

        return all.Order(StringComparer.Ordinal).ToList();
    }

    [Test]
    public async Task Ingest_ChannelForced_ReadsFileWithoutExtensionAsEmail()
    {
        var mail = Path.Combine(_scratch, "message-without-extension");
        await File.WriteAllTextAsync(mail, "From: a@example.com\nSubject: fee\nDate: Tue, 04 Jun 2019 14:41:00 -0400\nMessage-ID: <x@example.com>\n\nRefund my fee.\n");

        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", mail, "--channel", "email", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("stored 1"));
    }

    [Test]
    public async Task Ingest_MissingPath_ExitsWithConfigurationCodeNamingIt()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", "no/such/folder", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Input 'no/such/folder' does not exist"));
    }

    [Test]
    public async Task Ingest_UnknownStoreScheme_ExitsWithConfigurationCode()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", _scratch, "--store", "mysql:Server=x");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("sqlite:PATH"));
    }

    [Test]
    public async Task Ingest_PostgresNotListening_ExitsWithStoreCodeAndNoPassword()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", _scratch, "--store", "postgres:Host=127.0.0.1;Port=1;Username=u;Password=s3cret;Timeout=3");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Stderr, Does.Contain("Cannot open the store"));
        Assert.That(result.Stderr + result.Stdout, Does.Not.Contain("s3cret"));
    }

    [Test]
    public async Task Score_PostgresNotListening_ExitsWithStoreCodeAndNoPassword()
    {
        var models = await SharedModels.DirectoriesAsync();
        var environment = Environment;
        environment["PIPELINE_Sentiment__ModelDirectory"] = models.Sentiment;
        environment["PIPELINE_Topics__ModelDirectory"] = models.Topics;

        var result = await CliProcess.RunAsync(_scratch, environment, "score", "--store", "postgres:Host=127.0.0.1;Port=1;Username=u;Password=s3cret;Timeout=3");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        Assert.That(result.Stderr, Does.Contain("Cannot open the store"));
        Assert.That(result.Stderr + result.Stdout, Does.Not.Contain("s3cret"));
    }

    [Test]
    public async Task Ingest_BadMappingFile_ExitsWithConfigurationCodeNamingTheKey()
    {
        var mapping = Path.Combine(_scratch, "mapping.json");
        await File.WriteAllTextAsync(mapping, """{ "dateFormats": ["MM/dd/yy"], "timeZone": "Nowhere/Land" }""");

        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", _scratch, "--mapping", mapping, "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("timeZone: 'Nowhere/Land'"));
    }

    [Test]
    public async Task Ingest_SetOption_OverridesConfiguration()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "ingest", _scratch, "--set", "Ingest:BatchSize=0", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Ingest:BatchSize"));
    }

    [Test]
    public async Task Run_SourceForcedToAnUnknownLanguage_StopsAtStartNamingTheKey()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "run", "--set", "Ingest:Sources:0:Language=klingon", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Ingest:Sources:0:Language 'klingon' is not en, ru, zh, other (or empty: each text's own)"));
        Assert.That(File.Exists(Path.Combine(_scratch, "p.db")), Is.False);
    }

    [Test]
    public async Task EvaluateAnger_LabelledCsv_PrintsOneJsonObject()
    {
        var data = Path.Combine(_scratch, "anger.csv");
        await File.WriteAllTextAsync(data, """
            message,angry
            "I am FURIOUS, this is a disgrace and I am fed up!!",1
            "How dare you close my account, you incompetent liars",1
            "Could you send me a new card please?",0
            "Thanks, that solved it.",0
            "I am a bit disappointed",1
            not-a-label-row,maybe
            """);

        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "anger", "--data", data, "--text-column", "message", "--label-column", "angry", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("rows").GetInt32(), Is.EqualTo(5));
        Assert.That(root.GetProperty("level").GetString(), Is.EqualTo("high"));
        Assert.That(root.GetProperty("precision").GetDouble(), Is.EqualTo(1.0));
        Assert.That(root.GetProperty("recall").GetDouble(), Is.EqualTo(2 / 3.0).Within(0.001));
        Assert.That(root.GetProperty("f1").GetDouble(), Is.EqualTo(0.8).Within(0.001));
        Assert.That(result.Stderr, Does.Contain("Skipped 1 rows whose label is not 0/1"));
    }

    [Test]
    public async Task EvaluateAnger_MissingColumn_ExitsWithConfigurationCodeListingTheColumns()
    {
        var data = Path.Combine(_scratch, "anger.tsv");
        await File.WriteAllTextAsync(data, "body\tlabel\nhello\t0\n");

        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "anger", "--data", data);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no column 'text' (--text-column); its columns are: body, label"));
    }

    [Test]
    public async Task EvaluateSentiment_NoModelYet_TrainsOneThenPrintsModelAndBaseline()
    {
        // A small training set keeps this quick; the shipped one trains the same way.
        var training = Path.Combine(_scratch, "training");
        Directory.CreateDirectory(training);
        await using (var file = File.Create(Path.Combine(training, "vader_sample.txt.gz")))
        await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
        {
            for (var i = 0; i < 60; i++)
            {
                await writer.WriteAsync($"{3 * i}\t2.5\tI love this, it is great and wonderful {i}\r\n{3 * i + 1}\t-2.5\tI hate this, it is awful and terrible {i}\r\n{3 * i + 2}\t0.1\tThe branch opens at nine on weekday {i}\r\n");
            }
        }

        var data = Path.Combine(_scratch, "sentiment.tsv");
        await File.WriteAllTextAsync(data, "text\tlabel\nWhat a great and wonderful service\tpositive\nAwful, terrible support\tnegative\nThe office opens at nine\tneutral\nI love it\tpositive\n");
        var env = Environment;
        env["PIPELINE_Sentiment__TrainingDataDirectory"] = training;
        env["PIPELINE_Sentiment__ModelDirectory"] = Path.Combine(_scratch, "model");

        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, env, "evaluate", "sentiment", "--data", data, "--json");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stderr, Does.Contain("No sentiment model"));
        Assert.That(File.Exists(Path.Combine(_scratch, "model", "metrics.json")), Is.True);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("rows").GetInt32(), Is.EqualTo(4));
        foreach (var part in new[] { "model", "baseline" })
        {
            var summary = root.GetProperty(part);
            Assert.That(summary.GetProperty("macroF1").GetDouble(), Is.InRange(0.0, 1.0), part);
            Assert.That(summary.GetProperty("accuracy").GetDouble(), Is.InRange(0.0, 1.0), part);
            Assert.That(summary.GetProperty("perClass").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "negative", "neutral", "positive" }), part);
        }

        Assert.That(root.GetProperty("model").GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0), "the toy model separates its own toy classes");
    }

    [Test]
    public async Task Run_BadConfiguration_ReportsEveryErrorAtOnce()
    {
        var env = Environment;
        env["PIPELINE_Ingest__BatchSize"] = "0";
        env["PIPELINE_Email__TicketSubjectPattern"] = "([unclosed";
        env["PIPELINE_Transcripts__CustomerLabels__0"] = "Agent";
        env["PIPELINE_Anger__HighThreshold"] = "1";
        env["PIPELINE_Feedbak__Sink"] = "http";
        env["PIPELINE_Logging__Format"] = "xml";

        var result = await CliProcess.RunAsync(_scratch, env, "run");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Ingest:BatchSize").And.Contain("Email:TicketSubjectPattern").And.Contain("'Agent' is both an agent and a customer label").And.Contain("thresholds must rise"));
        Assert.That(result.Stderr, Does.Contain("Feedbak is not a setting: nothing reads it. Did you mean Feedback?"), "a misspelt key is not ignored");
        Assert.That(result.Stderr, Does.Contain("Logging:Format 'xml' is not one of text, json"));
    }

    [Test]
    public async Task Ingest_LoggingFormatJson_WritesEachLogLineAsOneJsonObjectOnStderr()
    {
        var env = Environment;
        env["PIPELINE_Logging__Format"] = "json";

        var result = await CliProcess.RunAsync(_scratch, env, "ingest", Path.Combine(TestPaths.Data, "emails"), "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.Not.Empty);
        foreach (var line in lines)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.That(json.RootElement.GetProperty("Timestamp").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"), line);
            Assert.That(json.RootElement.GetProperty("LogLevel").GetString(), Is.Not.Empty, line);
            Assert.That(json.RootElement.GetProperty("Category").GetString(), Is.Not.Empty, line);
        }

        Assert.That(lines, Has.Some.Contains("\"Message\":\"Ingesting "), "the ingest's log lines are there");
        Assert.That(result.Stdout, Does.Contain("records read"), "the summary stays on stdout");
    }

    [Test]
    public async Task Report_WeekAndRange_WritesEachWeeksFolderAndWarnsOfUnscoredInteractions()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        await CliProcess.RunAsync(_scratch, Environment, "ingest", Path.Combine(TestPaths.Data, "complaints"), "--store", store);

        var week = await CliProcess.RunAsync(_scratch, Environment, "report", "--week", "2019-W26", "--store", store, "--out", Path.Combine(_scratch, "out"));
        var range = await CliProcess.RunAsync(_scratch, Environment, "report", "--from", "2019-W20", "--to", "2019-W26", "--store", store);

        Assert.That(week.ExitCode, Is.Zero, week.Stderr);
        Assert.That(week.Stdout, Does.Contain("report 2019-W26: ").And.Contain("  5. "), "the path, then the five sentences");
        Assert.That(week.Stderr, Does.Contain("interactions of 2019-W26 have no score yet"));
        Assert.That(File.Exists(Path.Combine(_scratch, "out", "2019-W26", "summary.json")), Is.True);
        Assert.That(range.ExitCode, Is.Zero, range.Stderr);
        Assert.That(range.Stdout, Does.Contain("7 weekly reports written"));
        Assert.That(Directory.GetDirectories(Path.Combine(_scratch, "reports")).Select(Path.GetFileName).Order(),
            Is.EqualTo(Enumerable.Range(20, 7).Select(w => $"2019-W{w}")));
        Assert.That(ReportedWeeks(range.Stdout), Is.EqualTo(Enumerable.Range(20, 7).Select(w => $"2019-W{w}")),
            "the weeks are written side by side, and said in their order");
        Assert.That(range.Stderr, Does.Contain("interactions of 2019-W20 have no score yet").And.Contain("interactions of 2019-W26 have no score yet"));
    }

    [Test]
    public async Task Report_RangeWithAWeekThatCannotBeWritten_FailsNamingItAfterTheWeeksBefore()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        await CliProcess.RunAsync(_scratch, Environment, "ingest", Path.Combine(TestPaths.Data, "complaints"), "--store", store);
        var output = Directory.CreateDirectory(Path.Combine(_scratch, "out")).FullName;
        await File.WriteAllTextAsync(Path.Combine(output, "2019-W23"), "a file where the week's folder goes");

        var range = await CliProcess.RunAsync(_scratch, Environment, "report", "--from", "2019-W20", "--to", "2019-W26", "--store", store, "--out", output);

        Assert.That(range.ExitCode, Is.EqualTo(1), range.Stdout);
        Assert.That(range.Stderr, Does.Contain(Path.Combine(output, "2019-W23")));
        Assert.That(ReportedWeeks(range.Stdout), Is.EqualTo(new[] { "2019-W20", "2019-W21", "2019-W22" }));
        Assert.That(File.ReadAllText(Path.Combine(output, "2019-W23")), Is.EqualTo("a file where the week's folder goes"));
        Assert.That(Directory.GetDirectories(output, "*.partial").Select(Path.GetFileName), Is.SubsetOf(new[] { "2019-W23.partial" }),
            "no other week was left half written");
        foreach (var folder in Directory.GetDirectories(output).Where(d => !d.EndsWith(".partial", StringComparison.Ordinal)))
        {
            Assert.That(File.Exists(Path.Combine(folder, "report.html")), Is.True, $"{folder}: a week being written when the run failed was finished");
        }
    }

    /// <summary>The weeks of the "report 2019-W20: …" lines of a report command's output, in their order.</summary>
    private static List<string> ReportedWeeks(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith("report 2019-W", StringComparison.Ordinal)).Select(l => l["report ".Length..l.IndexOf(':', StringComparison.Ordinal)]).ToList();

    [Test]
    public async Task IngestScoreReport_FromAFolderOutsideTheRepository_FindTheShippedAssetsInTheApplicationsFolder()
    {
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pipeline-outside-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            // Only the user's data is placed: no lexicon, stop-word, training-data or font path is configured.
            var environment = new Dictionary<string, string>
            {
                ["PIPELINE_Topics__MinTopics"] = "4",
                ["PIPELINE_Topics__MaxTopics"] = "6",
                ["PIPELINE_Topics__Restarts"] = "2",
                ["PIPELINE_Topics__Iterations"] = "60",
                ["CI"] = "true",
            };

            var ingest = await CliProcess.RunAsync(outside, environment, "ingest", Path.Combine(TestPaths.Data, "complaints"));
            var score = await CliProcess.RunAsync(outside, environment, "score");
            var report = await CliProcess.RunAsync(outside, environment, "report", "--week", "2019-W26");

            Assert.That((ingest.ExitCode, score.ExitCode, report.ExitCode), Is.EqualTo((0, 0, 0)), score.Stderr + report.Stderr);
            Assert.That(score.Stderr, Does.Contain("No sentiment model"), "trained on the shipped training data, found beside the application");
            Assert.That(score.Stdout, Does.Contain("scored 6,623 interactions"));
            Assert.That(File.Exists(Path.Combine(outside, "pipeline.db")), Is.True, "the store is the user's: in the working directory");
            Assert.That(File.Exists(Path.Combine(outside, "models", "sentiment", "model.zip")), Is.True, "so are the models");
            Assert.That(Directory.GetFiles(Path.Combine(outside, "reports", "2019-W26", "charts"), "*.svg"), Is.Not.Empty, "the charts, drawn with the shipped fonts");
            Assert.That(Directory.Exists(Path.Combine(outside, "data")), Is.False, "nothing shipped is copied into the user's folder");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [TestCase("csv")]
    [TestCase("jsonl")]
    [TestCase("parquet")]
    public async Task Export_WeekToFile_WritesThatWeeksInteractionsAndSaysHowMany(string format)
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        await CliProcess.RunAsync(_scratch, Environment, "ingest", Path.Combine(TestPaths.Data, "complaints"), "--store", store);
        var report = await CliProcess.RunAsync(_scratch, Environment, "report", "--week", "2019-W26", "--store", store);
        var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_scratch, "reports", "2019-W26", "summary.json")))
            .RootElement.GetProperty("totals").GetProperty("volume").GetInt32();
        var file = Path.Combine(_scratch, "out", $"week.{format}");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var result = await CliProcess.RunAsync(_scratch, Environment, "export", "--week", "2019-W26", "--out", file, "--store", store);

        Assert.That(report.ExitCode, Is.Zero, report.Stderr);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(expected, Is.GreaterThan(0));
        Assert.That(result.Stdout, Does.Contain($"exported {expected} interactions of 2019-W26 to {file} ({format})"));
        Assert.That(File.Exists(file + ".partial"), Is.False);
        var rows = format switch
        {
            "csv" => CsvRows(file),
            "jsonl" => File.ReadAllLines(file).Length,
            _ => await ParquetRowsAsync(file),
        };

        Assert.That(rows, Is.EqualTo(expected), "the week's interactions, as its report counts them");
    }

    private static int CsvRows(string file)
    {
        using var csv = new CsvHelper.CsvReader(new StreamReader(file), System.Globalization.CultureInfo.InvariantCulture);
        var rows = 0;
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            Assert.That(csv.GetField("received_at"), Does.StartWith("2019-06-").Or.StartWith("2019-07-"));
            rows++;
        }

        return rows;
    }

    private static async Task<int> ParquetRowsAsync(string file)
    {
        await using var reader = await Parquet.ParquetReader.CreateAsync(file);
        return (int)reader.RowGroups.Sum(g => g.RowCount);
    }

    [TestCase(new[] { "--week", "2019-W26", "--from", "2019-W20" }, "--week cannot be combined with --from/--to")]
    [TestCase(new[] { "--from", "2019-W20" }, "--from and --to go together")]
    [TestCase(new[] { "--from", "2019-W30", "--to", "2019-W20" }, "--from 2019-W30 is after --to 2019-W20")]
    [TestCase(new[] { "--format", "xlsx" }, "--format 'xlsx' is not one of csv, jsonl, parquet")]
    [TestCase(new[] { "--format", "parquet" }, "Parquet is written to a file")]
    public async Task Export_BadOptions_ExitsWithConfigurationCodeSayingWhy(string[] options, string message)
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, ["export", .. options, "--store", "sqlite:" + Path.Combine(_scratch, "p.db")]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public async Task ReportMail_SmtpPeerUpThenDown_MailsTheWeekThenSaysTheReportIsWrittenButNotSent()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        await CliProcess.RunAsync(_scratch, Environment, "ingest", Path.Combine(TestPaths.Data, "complaints"), "--store", store);
        await using var peer = SmtpPeer.Start();
        Dictionary<string, string> Mail(int port) => new(Environment)
        {
            ["PIPELINE_Reports__Mail__Host"] = "127.0.0.1",
            ["PIPELINE_Reports__Mail__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PIPELINE_Reports__Mail__Security"] = "None",
            ["PIPELINE_Reports__Mail__From"] = "pipeline@example.com",
            ["PIPELINE_Reports__Mail__TimeoutSeconds"] = "5",
        };

        var sent = await CliProcess.RunAsync(_scratch, Mail(peer.Port), "report", "--week", "2019-W26", "--mail", "lead@example.com", "--store", store);
        var down = await CliProcess.RunAsync(_scratch, Mail(SmtpPeer.FreePort()), "report", "--week", "2019-W25", "--mail", "lead@example.com", "--store", store);

        Assert.That(sent.ExitCode, Is.Zero, sent.Stderr);
        Assert.That(sent.Stdout, Does.Contain("mailed the report of 2019-W26 to lead@example.com"));
        var message = peer.Messages.Single();
        Assert.That(message.Subject, Does.StartWith("Weekly complaint report 2019-W26: "));
        Assert.That(message.Attachments.Select(a => a.ContentDisposition?.FileName), Does.Contain("report.html"));
        Assert.That(down.ExitCode, Is.EqualTo(4));
        Assert.That(down.Stderr, Does.Contain("The report of 2019-W25 is written (").And.Contain("but could not be mailed through 127.0.0.1:"));
        Assert.That(File.Exists(Path.Combine(_scratch, "reports", "2019-W25", "report.html")), Is.True, "the report stays written");
    }

    [Test]
    public async Task ReportMail_NoSmtpServerConfigured_ExitsWithConfigurationCodeBeforeWritingAnything()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "report", "--week", "2019-W26", "--mail", "lead@", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("Reports:Mail:Host is not set").And.Contain("Reports:Mail:From '' is not an e-mail address").And.Contain("'lead@' is not an e-mail address"));
        Assert.That(Directory.Exists(Path.Combine(_scratch, "reports")), Is.False);
    }

    [TestCase("--week", "2019-W60", "'2019-W60' is not an ISO week")]
    [TestCase("--week", "2099-W01", "2099-W01 is not over yet in UTC")]
    [TestCase("--to", "2019-W10", "--to needs --from")]
    public async Task Report_BadWeek_ExitsWithConfigurationCodeSayingWhy(string option, string value, string message)
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "report", option, value, "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public async Task Report_EmptyStore_ExitsWithConfigurationCodeSayingToIngestFirst()
    {
        var result = await CliProcess.RunAsync(_scratch, Environment, "report", "--store", "sqlite:" + Path.Combine(_scratch, "p.db"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("The store holds no interactions: ingest first"));
    }
}
