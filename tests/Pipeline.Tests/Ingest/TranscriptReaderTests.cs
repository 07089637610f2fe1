using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Ingest.Transcripts;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

public class TranscriptReaderTests
{
    private static readonly TranscriptOptions Options = new();

    private const string RussianCall = """
        Call-ID: ru-17
        Date: 2024-03-05T10:15:00+03:00

        Оператор: Здравствуйте, чем могу помочь?
        Клиент: С моей карты дважды списали деньги за один и тот же заказ, я уже третий раз звоню и никто ничего не делает.
        Оператор: Приношу извинения, сейчас проверю операцию.
        """;

    private const string ChineseCall = """
        Call-ID: zh-8
        Date: 2024-03-05T10:15:00+08:00

        客服：您好，请问有什么可以帮您？
        客户：我的订单已经付款一个星期了，到现在还没有发货，打了好几次电话都没有人处理，我非常生气。
        客服：非常抱歉，我马上为您查询。
        """;

    [TestCase("koi8-r", RussianCall)]
    [TestCase("windows-1251", RussianCall)]
    [TestCase("utf-8", RussianCall)]
    [TestCase("gb18030", ChineseCall)]
    [TestCase("utf-16", ChineseCall)]
    public async Task PlainReader_TranscriptInItsCharacterSet_ReadsTheTurnsAsWritten(string charset, string text)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var encoding = System.Text.Encoding.GetEncoding(charset);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();

        var record = (await Read.BytesAsync(new PlainTranscriptReader(Options), bytes, "call.txt")).Accepted().Single();

        var lines = text.Split('\n').Where(l => l.Contains(':') || l.Contains('：')).Skip(2).ToList();
        Assert.That(record.Turns.Select(t => t.Speaker), Is.EqualTo(new[] { Speaker.Agent, Speaker.Customer, Speaker.Agent }));
        Assert.That(record.Turns[1].Text, Is.EqualTo(lines[1][(lines[1].IndexOfAny([':', '：']) + 1)..].Trim()));
    }

    [Test]
    public void PlainReader_BytesNoCharacterSetExplains_IsUnreadableWithTheReason()
    {
        var bytes = new byte[600];
        new Random(5).NextBytes(bytes);
        System.Text.Encoding.ASCII.GetBytes("Date: 2024-03-05T10:15:00Z\n\nAgent: ").CopyTo(bytes, 0);

        var error = Assert.ThrowsAsync<UnreadableSourceException>(() => Read.BytesAsync(new PlainTranscriptReader(Options), bytes, "call.txt"));

        Assert.That(error!.Message, Does.Contain("not valid UTF-8").And.Contain("convert the transcript to UTF-8"));
    }

    [Test]
    public async Task PlainReader_LabelledTurns_KeepsCustomerAndAgentApart()
    {
        var text = """
            Call-ID: 7781
            Date: 2019-10-02T14:05:00-04:00
            Ticket: 4711
            Phone: (555) 123-4567

            Agent: Thank you for calling, how can I help?
            Customer: You charged my card twice
              and nobody answers my emails.
            Agent: I am sorry to hear that.
            Caller: This is the third time I call!
            """;

        var record = (await Read.TextAsync(new PlainTranscriptReader(Options), text, "call.txt")).Accepted().Single();

        Assert.That(record.Channel, Is.EqualTo(Channel.Call));
        Assert.That(record.Text, Is.EqualTo("You charged my card twice and nobody answers my emails.\nThis is the third time I call!"));
        Assert.That(record.Turns.Select(t => t.Speaker), Is.EqualTo(new[] { Speaker.Agent, Speaker.Customer, Speaker.Agent, Speaker.Customer }));
        Assert.That(record.ReceivedAt, Is.EqualTo(new DateTimeOffset(2019, 10, 2, 14, 5, 0, TimeSpan.FromHours(-4))));
        Assert.That(record.SourceKey, Is.EqualTo("call-id:7781"));
        Assert.That(record.TicketId, Is.EqualTo("4711"));
        Assert.That(record.CustomerIdentifiers.Single(), Is.EqualTo(new CustomerIdentifier("phone", "(555) 123-4567")));
        Assert.That(record.Metadata, Does.Not.ContainKey("Phone"));
    }

    [Test]
    public async Task PlainReader_ConfiguredLabels_AreUsed()
    {
        var options = new TranscriptOptions { AgentLabels = ["Оператор"], CustomerLabels = ["Клиент"] };
        var text = "Date: 2019-10-02 10:00:00Z\n\nОператор: Здравствуйте!\nКлиент: Мне третий раз не возвращают деньги.\n";

        var record = (await Read.TextAsync(new PlainTranscriptReader(options), text)).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("Мне третий раз не возвращают деньги."));
    }

    [Test]
    public async Task PlainReader_NoSpeakerLabels_IsRejected()
    {
        var text = "Date: 2019-10-02T14:05:00Z\n\nhello how can i help\ni was charged twice\n";

        var rejected = (await Read.TextAsync(new PlainTranscriptReader(Options), text)).Rejected().Single();

        Assert.That(rejected.Reason, Does.StartWith("no speaker labels"));
        Assert.That(rejected.Raw, Does.Contain("i was charged twice"));
    }

    [Test]
    public async Task PlainReader_NoDate_IsRejected()
    {
        var rejected = (await Read.TextAsync(new PlainTranscriptReader(Options), "Agent: hi\nCustomer: hello\n")).Rejected().Single();

        Assert.That(rejected.Reason, Does.Contain("'Date:'"));
    }

    [Test]
    public async Task WebVttReader_VoiceTags_BecomeTurnsWithTimings()
    {
        var vtt = """
            WEBVTT

            NOTE
            Call-ID: vtt-1
            Date: 2019-10-03T09:30:00+03:00
            Email: ivan@example.ru

            00:00:01.000 --> 00:00:04.000
            <v Agent>Good morning, you are through to billing.</v>

            00:00:05.000 --> 00:00:09.500
            <v.loud Customer>I want my <i>money</i> back &amp; I want it now.</v>

            00:01:05.000 --> 00:01:09.500
            <v Supervisor>Let me help.</v>
            """;

        var record = (await Read.TextAsync(new WebVttTranscriptReader(Options), vtt, "call.vtt")).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("I want my money back & I want it now."));
        Assert.That(record.Turns.Select(t => t.Speaker), Is.EqualTo(new[] { Speaker.Agent, Speaker.Customer, Speaker.Other }));
        Assert.That(record.Turns[1].Start, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(record.ReceivedAt.Offset, Is.EqualTo(TimeSpan.FromHours(3)));
        Assert.That(record.CustomerIdentifiers.Single().Kind, Is.EqualTo("email"));
    }

    [Test]
    public async Task WebVttReader_NoVoiceTags_IsRejected()
    {
        var vtt = "WEBVTT\n\nNOTE\nDate: 2019-10-03T09:30:00Z\n\n00:00:01.000 --> 00:00:04.000\nhello there\n";

        var rejected = (await Read.TextAsync(new WebVttTranscriptReader(Options), vtt)).Rejected().Single();

        Assert.That(rejected.Reason, Does.StartWith("no speaker labels"));
    }

    [Test]
    public void WebVttReader_NotWebVtt_IsUnreadable()
    {
        Assert.That(async () => await Read.TextAsync(new WebVttTranscriptReader(Options), "Agent: hi\n"),
            Throws.TypeOf<UnreadableSourceException>().With.Message.Contains("WEBVTT"));
    }

    [Test]
    public async Task JsonReader_HarperValley_ReadsEveryConversationInTimeOrder()
    {
        var outcomes = await Read.FileAsync(new JsonTranscriptReader(Options), Path.Combine(TestPaths.Data, "transcripts", "harper_valley_conversations.jsonl"));

        var records = outcomes.Accepted();
        Assert.That(records, Has.Count.EqualTo(19));
        Assert.That(records.Sum(r => r.Turns.Count), Is.EqualTo(335));
        Assert.That(records.Sum(r => r.Turns.Count(t => t.Speaker == Speaker.Customer)), Is.EqualTo(169));
        var first = records[0];
        Assert.That(first.SourceKey, Is.EqualTo("call-id:0002f70f7386445b"));
        Assert.That(first.ReceivedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1591056783191)));
        Assert.That(first.Text, Does.StartWith("hi\nmy name is patricia brown\ni lost my debit card"));
        Assert.That(first.Turns.Select(t => t.Start), Is.Ordered);
        Assert.That(records.Select(r => r.Text), Has.None.Contains("[noise]").And.None.Contains("<unk>"));
    }

    [Test]
    public async Task JsonReader_AbcdWithoutTime_IsRejectedSayingWhatToAdd()
    {
        // The ABCD sample as published, without the received_at the shipped copy adds.
        var dated = await File.ReadAllTextAsync(Path.Combine(TestPaths.Data, "transcripts", "abcd_sample_dated.json"));
        var original = System.Text.RegularExpressions.Regex.Replace(dated, @"""received_at"": ""[^""]*"", ", string.Empty);
        Assert.That(original, Does.Not.Contain("received_at"));

        var outcomes = await Read.TextAsync(new JsonTranscriptReader(Options), original, "abcd_sample.json");

        Assert.That(outcomes.Rejected(), Has.Count.EqualTo(3));
        Assert.That(outcomes.Rejected()[0].Reason, Does.Contain("received_at"));
    }

    [Test]
    public async Task JsonReader_AbcdDated_ReadsTurnsAndIdentifiers()
    {
        var records = (await Read.FileAsync(new JsonTranscriptReader(Options), Path.Combine(TestPaths.Data, "transcripts", "abcd_sample_dated.json"))).Accepted();

        Assert.That(records, Has.Count.EqualTo(3));
        var crystal = records[0];
        Assert.That(crystal.Text, Does.StartWith("Hi! I need to return an item"));
        Assert.That(crystal.Turns.Count(t => t.Speaker == Speaker.Other), Is.GreaterThan(0), "ABCD 'action' turns are neither customer nor agent");
        Assert.That(crystal.CustomerIdentifiers.Select(i => i.Kind), Is.EqualTo(new[] { "email", "phone" }));
        Assert.That(crystal.Metadata.Values, Has.None.Contains("cminh730@email.com"));
        Assert.That(records[2].CustomerIdentifiers.Single().Kind, Is.EqualTo("phone"));
    }

    [Test]
    public async Task JsonReader_BadLineInJsonLines_RejectsOnlyThatLine()
    {
        var jsonl = """
            {"call_id": "a", "received_at": "2019-10-01T10:00:00Z", "turns": [{"speaker": "customer", "text": "one"}]}
            {"call_id": "b", "received_at": "2019-10-01T11:00:00Z", "turns": [
            {"call_id": "c", "received_at": "2019-10-01T12:00:00Z", "turns": [{"speaker": "agent", "text": "hi"}, {"speaker": "customer", "text": "three"}]}
            {"call_id": "d", "received_at": "2019-10-01T12:00:00Z", "turns": [{"speaker": "robot", "text": "beep"}]}
            """;

        var outcomes = await Read.TextAsync(new JsonTranscriptReader(Options), jsonl, "calls.jsonl");

        Assert.That(outcomes.Accepted().Select(r => r.Text), Is.EqualTo(new[] { "one", "three" }));
        Assert.That(outcomes.Rejected().Select(r => r.Source.Locator), Is.EqualTo(new[] { "line 2", "line 4, conversation d" }));
        Assert.That(outcomes.Rejected()[1].Reason, Does.StartWith("no speaker labels"));
    }
}
