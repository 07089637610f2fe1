using System.Text;
using CsCheck;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Ingest;
using Pipeline.Ingest.Complaints;
using Pipeline.Ingest.Email;
using Pipeline.Ingest.Privacy;
using Pipeline.Ingest.Transcripts;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

/// <summary>
/// Every reader, and the mapping parser, fed mutations of the real samples (CsCheck, 10,000 inputs each; set
/// PIPELINE_FUZZ_ITERATIONS for a longer run): a reader either reads an item, or quarantines it with a reason, or says
/// the whole file cannot be read (<see cref="UnreadableSourceException"/>). Any other exception is a bug the ingest
/// stage's safety net would hide by giving up on the rest of the file, so it fails here, with the shrunk input.
/// </summary>
public class ReaderFuzzTests
{
    private static readonly long Iterations = long.TryParse(Environment.GetEnvironmentVariable("PIPELINE_FUZZ_ITERATIONS"), out var n) ? n : 10_000;

    /// <summary>What mutations splice in: the characters each format gives meaning to, and some that no format expects.</summary>
    private static readonly byte[][] Interesting =
    [
        .. new[]
        {
            "\"", "\"\"", ",", ";", "\t", "\n", "\r\n", "\r", "\0", "\\", "{", "}", "[", "]", ":", "null", "true", "-1", "1e309",
            "\"received_at\": \"not a date\"", "\"turns\": 7", "From ", "\nFrom x@y Mon Jan 1 00:00:00 2001\n", "Content-Type: multipart/mixed; boundary=\"b\"\n",
            "--b\n", "--b--\n", "=?utf-8?B?////?=", "=?koi8-r?Q?=FF=?=", "Content-Transfer-Encoding: base64\n", "charset=\"x-unknown\"",
            "WEBVTT\n", "00:00:01.000 --> 00:00:00.500\n", "99:99:99.999 --> ", "<v Agent>", "</v>", "&amp;", "&#xFFFFFF;", "Agent:", "Customer:",
            "Date: 31/31/2031\n", "2019-02-30", "9999-12-31T23:59:59+14:00", "0001-01-01", "\u2028", "\uFEFF", "\u202E", "𝕏", "Ж", "中",
            "'); DROP TABLE interactions; --", "<script>alert(1)</script>",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE], [0xC3], [0xED, 0xA0, 0x80], [0x80, 0x80, 0x80], Encoding.UTF8.GetBytes(new string('A', 20_000)), Encoding.UTF8.GetBytes(new string('\n', 500)),
    ];

    /// <summary>One edit: (kind, where, how long, what), applied in turn; positions wrap around the input.</summary>
    private static readonly Gen<(int Kind, int At, int Length, int Piece)[]> Mutations =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[1, 256], Gen.Int[0, Interesting.Length - 1]).Array[1, 6];

    private static byte[] Apply(byte[] seed, (int Kind, int At, int Length, int Piece)[] mutations)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, rawAt, length, piece) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : rawAt % bytes.Count;
            switch (kind)
            {
                case 0: // flip one byte
                    if (bytes.Count > 0)
                    {
                        bytes[at] = (byte)(bytes[at] ^ (1 << (length % 8)));
                    }

                    break;
                case 1: // splice in a meaningful piece
                    bytes.InsertRange(at, Interesting[piece]);
                    break;
                case 2: // cut a run out
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    break;
                case 3: // repeat a run
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length, bytes.Count - at)));
                    break;
                case 4: // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default: // overwrite with a piece
                    var overwrite = Interesting[piece];
                    for (var i = 0; i < overwrite.Length && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = overwrite[i];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static readonly ReaderCatalog Readers = new(new EmailOptions(), new TranscriptOptions());
    private static readonly InteractionFactory Factory = new(new CustomerKeyHasher(new byte[32]));

    private static byte[] Head(string relative, int bytes)
    {
        var all = File.ReadAllBytes(Path.Combine(TestPaths.Data, relative));
        return all.Length <= bytes ? all : all[..(Array.LastIndexOf(all, (byte)'\n', bytes) + 1)];
    }

    public static IEnumerable<TestCaseData> Seeds()
    {
        yield return new TestCaseData("complaints.csv", Head("complaints/cfpb_complaints_sample.csv", 6_000)).SetArgDisplayNames("CFPB CSV");
        yield return new TestCaseData("message.eml", File.ReadAllBytes(Path.Combine(TestPaths.Data, "emails", "06_20190604.eml"))).SetArgDisplayNames("e-mail");
        yield return new TestCaseData("inbox.mbox", Head("emails/support_inbox_2019.mbox", 8_000)).SetArgDisplayNames("mbox");
        yield return new TestCaseData("calls.jsonl", Head("transcripts/harper_valley_conversations.jsonl", 8_000)).SetArgDisplayNames("JSON lines transcripts");
        yield return new TestCaseData("call.json", Encoding.UTF8.GetBytes("[" + ((string)File.ReadAllText(Path.Combine(TestPaths.Data, "transcripts", "abcd_sample_dated.json")))[1..].Split("}, {\"convo_id\"")[0] + "}]"))
            .SetArgDisplayNames("JSON transcript");
        yield return new TestCaseData("call.vtt", Encoding.UTF8.GetBytes(
            "WEBVTT\n\nNOTE\nCall-ID: vtt-1\nDate: 2019-10-03T09:30:00+03:00\nEmail: ivan@example.ru\n\n00:00:01.000 --> 00:00:04.000\n<v Agent>Good morning, you are through to billing.</v>\n\n" +
            "00:00:05.000 --> 00:00:09.500\n<v.loud Customer>I want my <i>money</i> back &amp; I want it now.</v>\n")).SetArgDisplayNames("WebVTT transcript");
        yield return new TestCaseData("call.txt", Encoding.UTF8.GetBytes(
            "Call-ID: 7781\nDate: 2019-10-02T14:05:00-04:00\nTicket: 4711\nPhone: (555) 123-4567\n\nAgent: Thank you for calling, how can I help?\n" +
            "Customer: You charged my card twice\n  and nobody answers my emails.\nAgent: I am sorry to hear that.\n")).SetArgDisplayNames("plain transcript");
    }

    [TestCaseSource(nameof(Seeds))]
    public void Read_MutatedSample_ReadsQuarantinesOrRefusesTheFile(string path, byte[] seed)
    {
        Assert.That(ReadAll(path, seed).Accepted, Is.GreaterThan(0), "the sample itself is read");

        Mutations.Sample(mutations => ReadAll(path, Apply(seed, mutations)), iter: Iterations, print: m => string.Join(" ", m.Select(x => x.ToString())));
    }

    [Test]
    public void Load_MutatedMapping_LoadsOrSaysWhatIsWrong()
    {
        var seed = File.ReadAllBytes(Path.Combine(TestPaths.Data, "mappings", "cfpb-mmddyy-none.json"));
        var scratch = TestPaths.NewScratch("fuzz-mapping");
        Mutations.Sample(mutations =>
        {
            var file = Path.Combine(scratch, Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllBytes(file, Apply(seed, mutations));
            try
            {
                _ = ComplaintMapping.Load(file);
            }
            catch (InvalidDataException ex)
            {
                Assert.That(ex.Message, Does.Contain(file), "the message names the mapping file");
            }
            finally
            {
                File.Delete(file);
            }
        }, iter: Iterations, print: m => string.Join(" ", m.Select(x => x.ToString())));
    }

    [TestCase("calls.jsonl", "", "{\"id\": \"long-", "\"}\n{\"id\": \"call-2\", \"received_at\": \"2019-10-03T09:30:00Z\", \"turns\": [[\"Customer\", \"Where is my refund?\"]]}\n", 1)]
    [TestCase("complaints.csv", "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n", "2019-05-15,Debt collection,,x,,\"", "\",,Example,NY,10001,,,Web,2019-05-15,Closed,Yes,N/A,1\n", 0)]
    public async Task Read_AGigabyteOnOneLine_QuarantinesItWithBoundedMemory(string path, string header, string before, string after, int readAfter)
    {
        var channel = ReaderCatalog.ChannelOf(path, null)!.Value;
        var reader = Readers.ReaderFor(path, channel, ComplaintMapping.Cfpb);
        await using var input = new OneLongLineStream(Encoding.UTF8.GetBytes(header + before), 1L << 30, (byte)'a', Encoding.UTF8.GetBytes(after));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var outcomes = new List<ReadOutcome>();
        try
        {
            await foreach (var outcome in reader.ReadAsync(path, input, CancellationToken.None))
            {
                outcomes.Add(outcome);
            }
        }
        catch (UnreadableSourceException ex)
        {
            outcomes.Add(new ReadOutcome.Rejected(new QuarantinedItem(new SourceLocation(path, "file"), ex.Reason, null)));
        }

        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024 * 1024);
        Assert.That(outcomes.OfType<ReadOutcome.Rejected>().Select(r => r.Item.Reason), Has.Some.Not.Empty, "the long line is quarantined with a reason");
        Assert.That(allocatedMb, Is.LessThan(512), "a 1 GB line is never held whole (2 GB as a string)");
        Assert.That(outcomes.OfType<ReadOutcome.Accepted>().Count(), Is.EqualTo(readAfter), "a JSON line after it is read; the CSV parser stops at the field and the file's rest is refused");
    }

    /// <summary>Reads an input as the ingest stage does (reader, then each record made an interaction); any exception but a refusal of the whole file escapes.</summary>
    private static (int Accepted, int Rejected) ReadAll(string path, byte[] input)
    {
        var channel = ReaderCatalog.ChannelOf(path, null)!.Value;
        var reader = Readers.ReaderFor(path, channel, ComplaintMapping.Cfpb);
        int accepted = 0, rejected = 0;
        try
        {
            foreach (var outcome in Read.BytesAsync(reader, input, path).GetAwaiter().GetResult())
            {
                switch (outcome)
                {
                    case ReadOutcome.Accepted { Record: var record }:
                        var interaction = Factory.Create(record);
                        if (string.IsNullOrEmpty(interaction.Id) || interaction.Channel != channel)
                        {
                            throw new InvalidOperationException($"an interaction without id or of another channel: {interaction.Id} {interaction.Channel}");
                        }

                        string?[] strings = [interaction.Text, interaction.Subject, interaction.Product, interaction.Issue, interaction.Company, interaction.TicketId,
                            interaction.Source.Path, interaction.Source.Locator, .. interaction.Metadata.Keys, .. interaction.Metadata.Values, .. interaction.Turns.Select(t => t.Text)];
                        if (strings.Any(s => s is not null && s.Contains('\0')))
                        {
                            throw new InvalidOperationException("a NUL character would reach the store (PostgreSQL's text refuses it)");
                        }

                        accepted++;
                        break;
                    case ReadOutcome.Rejected { Item: var item }:
                        if (string.IsNullOrWhiteSpace(item.Reason) || item.Source.Path != path)
                        {
                            throw new InvalidOperationException($"a quarantined item without a reason or its file: '{item.Reason}' {item.Source.Path}");
                        }

                        rejected++;
                        break;
                }
            }
        }
        catch (UnreadableSourceException ex) when (!string.IsNullOrWhiteSpace(ex.Reason))
        {
            // The whole file refused, with what is wrong: the ingest stage records it as the file's error.
        }

        return (accepted, rejected);
    }
}
