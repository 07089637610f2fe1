using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pipeline.Benchmarks;

/// <summary>What <see cref="CorpusGenerator"/> wrote: how many interactions of each channel, in which files.</summary>
public sealed record GeneratedCorpus(int Complaints, int Emails, int Calls, IReadOnlyList<string> Files)
{
    public int Total => Complaints + Emails + Calls;
}

/// <summary>
/// A deterministic corpus of N interactions in the shipped input formats, made only of real text: complaint
/// narratives recombined from the shipped CFPB sample (the opening of one narrative, the rest of another of the same
/// product; product, issue and company from the first), e-mails whose bodies are recombined narratives
/// (an mbox, customers writing several times), and calls whose customer turns are the shipped transcripts' real
/// turns in a new order (Harper Valley JSON lines). The interactions fall on the 260 ISO weeks from 2020-W02 to
/// 2024-W52 with weekly seasonality (fewer at weekends), a yearly swell, and planted spikes (<see cref="Spikes"/>).
/// The same seed and count give the same bytes.
/// </summary>
public sealed partial class CorpusGenerator
{
    /// <summary>Planted spikes: in these weeks one product gets this many times its usual volume.</summary>
    public static readonly IReadOnlyList<(int Year, int Week, string Product, double Factor)> Spikes =
    [
        (2021, 10, "Credit reporting, credit repair services, or other personal consumer reports", 3.0),
        (2022, 36, "Debt collection", 2.5),
        (2024, 20, "Checking or savings account", 3.0),
    ];

    public const int FirstYear = 2020;
    public const int Years = 5;
    private const int ComplaintRowsPerFile = 500_000;
    private const int EmailsPerFile = 100_000;

    private static readonly string[] Header =
    [
        "Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative", "Company public response", "Company",
        "State", "ZIP code", "Tags", "Consumer consent provided?", "Submitted via", "Date sent to company", "Company response to consumer",
        "Timely response?", "Consumer disputed?", "Complaint ID",
    ];

    private static readonly string[] FirstNames = ["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas"];
    private static readonly string[] LastNames = ["Garcia", "Smith", "Johnson", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Lee", "Clark", "Lewis"];

    private readonly List<Narrative> _narratives;
    private readonly Dictionary<string, List<int>> _byProduct;
    private readonly List<string> _callerTurns;
    private readonly List<string> _agentTurns;
    private readonly Random _random;

    private CorpusGenerator(List<Narrative> narratives, List<string> callerTurns, List<string> agentTurns, int seed)
    {
        _narratives = narratives;
        _byProduct = narratives.Select((n, i) => (n.Product, i)).GroupBy(p => p.Product, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.i).ToList(), StringComparer.Ordinal);
        _callerTurns = callerTurns;
        _agentTurns = agentTurns;
        _random = new Random(seed);
    }

    /// <summary>Reads the real texts of the shipped sample: <c>data/complaints</c> narratives and the Harper Valley calls.</summary>
    public static CorpusGenerator FromSample(string dataDirectory, int seed)
    {
        var narratives = new List<Narrative>();
        foreach (var file in Directory.GetFiles(Path.Combine(dataDirectory, "complaints"), "*.csv").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var text = csv.GetField("Consumer complaint narrative") ?? string.Empty;
                if (text.Trim().Length >= 200)
                {
                    narratives.Add(new Narrative(csv.GetField("Product") ?? string.Empty, csv.GetField("Sub-product") ?? string.Empty,
                        csv.GetField("Issue") ?? string.Empty, csv.GetField("Sub-issue") ?? string.Empty, csv.GetField("Company") ?? string.Empty,
                        csv.GetField("State") ?? string.Empty, SentenceEnd().Split(text.Trim())));
                }
            }
        }

        var callers = new List<string>();
        var agents = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(dataDirectory, "transcripts", "harper_valley_conversations.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            foreach (var segment in json.RootElement.GetProperty("segments").EnumerateArray())
            {
                var text = segment.GetProperty("human_transcript").GetString() ?? string.Empty;
                if (text.Length > 0)
                {
                    (segment.GetProperty("speaker_role").GetString() == "caller" ? callers : agents).Add(text);
                }
            }
        }

        if (narratives.Count == 0 || callers.Count == 0 || agents.Count == 0)
        {
            throw new InvalidDataException($"{dataDirectory} holds no narratives or no call turns to recombine.");
        }

        return new CorpusGenerator(narratives, callers, agents, seed);
    }

    /// <summary>Writes <paramref name="count"/> interactions into <paramref name="outputDirectory"/>: 85 % complaints, 10 % e-mails, 5 % calls.</summary>
    public GeneratedCorpus Write(int count, string outputDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Directory.CreateDirectory(outputDirectory);
        var calendar = new WeekCalendar(_random);
        var files = new List<string>();
        int complaints = 0, emails = 0, calls = 0;
        var customers = Math.Max(1, count / 20);

        CsvWriter? csv = null;
        StreamWriter? csvFile = null, mbox = null, jsonl = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var at = calendar.Next(out var spikeProduct);
                var pick = _random.NextDouble();
                if (pick < 0.85 || spikeProduct is not null)
                {
                    if (complaints % ComplaintRowsPerFile == 0)
                    {
                        csv?.Dispose();
                        csvFile?.Dispose();
                        csvFile = Open(outputDirectory, $"complaints-{complaints / ComplaintRowsPerFile + 1:000}.csv", files);
                        csv = new CsvWriter(csvFile, CultureInfo.InvariantCulture);
                        foreach (var column in Header)
                        {
                            csv.WriteField(column);
                        }

                        csv.NextRecord();
                    }

                    WriteComplaint(csv!, 100_000_000 + i, at, spikeProduct);
                    complaints++;
                }
                else if (pick < 0.95)
                {
                    if (emails % EmailsPerFile == 0)
                    {
                        mbox?.Dispose();
                        mbox = Open(outputDirectory, $"emails-{emails / EmailsPerFile + 1:000}.mbox", files);
                    }

                    WriteEmail(mbox!, i, at, _random.Next(customers));
                    emails++;
                }
                else
                {
                    jsonl ??= Open(outputDirectory, "calls-001.jsonl", files);
                    WriteCall(jsonl, i, at, _random.Next(customers));
                    calls++;
                }
            }
        }
        finally
        {
            csv?.Dispose();
            csvFile?.Dispose();
            mbox?.Dispose();
            jsonl?.Dispose();
        }

        return new GeneratedCorpus(complaints, emails, calls, files);
    }

    private static StreamWriter Open(string directory, string name, List<string> files)
    {
        var path = Path.Combine(directory, name);
        files.Add(path);
        return new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    private void WriteComplaint(CsvWriter csv, long id, DateTimeOffset at, string? product)
    {
        var (first, text) = Recombined(product);
        var day = at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var value in (string[])
                 [day, first.Product, first.SubProduct, first.Issue, first.SubIssue, text, string.Empty, first.Company, first.State, string.Empty,
                  string.Empty, "Consent provided", "Web", day, "Closed with explanation", "Yes", "N/A", id.ToString(CultureInfo.InvariantCulture)])
        {
            csv.WriteField(value);
        }

        csv.NextRecord();
    }

    private void WriteEmail(StreamWriter mbox, int index, DateTimeOffset at, int customer)
    {
        var (first, text) = Recombined(null);
        var name = $"{FirstNames[customer % FirstNames.Length]} {LastNames[customer / FirstNames.Length % LastNames.Length]}";
        var address = $"customer{customer}@example.com";
        var date = at.ToOffset(TimeSpan.FromHours(-4));
        mbox.Write($"From {address} {date.UtcDateTime.ToString("ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)}\n");
        mbox.Write($"From: {name} <{address}>\nTo: Customer Care <care@bank.example>\nSubject: {first.Issue}\n");
        mbox.Write($"Date: {date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} -0400\n");
        mbox.Write($"Message-ID: <bench{index}@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n");
        foreach (var line in Wrapped(text, 76))
        {
            // mboxrd: a body line that starts with "From " (after any ">") is quoted with one more ">".
            mbox.Write(FromLine().IsMatch(line) ? ">" + line : line);
            mbox.Write('\n');
        }

        mbox.Write($"\n{name}\n\n");
    }

    private void WriteCall(StreamWriter jsonl, int index, DateTimeOffset at, int customer)
    {
        var segments = new List<object>();
        var turns = 3 + _random.Next(6);
        var start = 1000;
        for (var t = 0; t < turns; t++)
        {
            var agent = _agentTurns[_random.Next(_agentTurns.Count)];
            var caller = _callerTurns[_random.Next(_callerTurns.Count)];
            segments.Add(new { index = 2 * t + 1, speaker_role = "agent", start_ms = start, duration_ms = 1500, human_transcript = agent });
            segments.Add(new { index = 2 * t + 2, speaker_role = "caller", start_ms = start + 2000, duration_ms = 1500, human_transcript = caller });
            start += 4000;
        }

        var call = new { sid = $"bench{index:x8}", session = $"customer {customer}", start_time_ms = at.ToUnixTimeMilliseconds(), end_time_ms = at.ToUnixTimeMilliseconds() + start, segments };
        jsonl.Write(JsonSerializer.Serialize(call));
        jsonl.Write('\n');
    }

    /// <summary>A narrative made of the opening of one real narrative and the rest of another of the same product.</summary>
    private (Narrative First, string Text) Recombined(string? product)
    {
        var candidates = product is not null && _byProduct.TryGetValue(product, out var ofProduct) ? ofProduct : null;
        var first = _narratives[candidates is null ? _random.Next(_narratives.Count) : candidates[_random.Next(candidates.Count)]];
        var sameProduct = _byProduct[first.Product];
        var second = _narratives[sameProduct[_random.Next(sameProduct.Count)]];
        var cut = 1 + _random.Next(Math.Max(1, first.Sentences.Length - 1));
        var from = _random.Next(second.Sentences.Length);
        var text = new StringBuilder();
        for (var s = 0; s < cut && s < first.Sentences.Length; s++)
        {
            text.Append(first.Sentences[s]).Append(' ');
        }

        for (var s = from; s < second.Sentences.Length; s++)
        {
            text.Append(second.Sentences[s]).Append(' ');
        }

        return (first, text.ToString().Trim());
    }

    private static IEnumerable<string> Wrapped(string text, int width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            yield return line.ToString();
        }
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^>*From ")]
    private static partial Regex FromLine();

    private sealed record Narrative(string Product, string SubProduct, string Issue, string SubIssue, string Company, string State, string[] Sentences);

    /// <summary>Draws a moment from the five years: week by weight (a yearly swell, the spikes), weekday by weight, time of day uniform.</summary>
    private sealed class WeekCalendar
    {
        private static readonly double[] WeekdayWeights = [1.2, 1.15, 1.1, 1.05, 1.0, 0.45, 0.35]; // Monday first

        private readonly Random _random;
        private readonly DateOnly[] _mondays;
        private readonly double[] _cumulative;
        private readonly double[] _weekdayCumulative;
        private readonly string?[] _spikeOf;
        private readonly double[] _spikeShare;

        public WeekCalendar(Random random)
        {
            _random = random;
            var first = DateOnly.FromDateTime(ISOWeek.ToDateTime(FirstYear, 2, DayOfWeek.Monday));
            var weeks = new List<DateOnly>();
            for (var monday = first; monday.Year < FirstYear + Years; monday = monday.AddDays(7))
            {
                weeks.Add(monday);
            }

            _mondays = [.. weeks];
            _cumulative = new double[_mondays.Length];
            _spikeOf = new string?[_mondays.Length];
            _spikeShare = new double[_mondays.Length];
            var total = 0.0;
            for (var w = 0; w < _mondays.Length; w++)
            {
                var date = _mondays[w].ToDateTime(TimeOnly.MinValue);
                var weight = 1 + 0.25 * Math.Sin(2 * Math.PI * date.DayOfYear / 365.25) + 0.1 * w / _mondays.Length;
                foreach (var (year, week, product, factor) in Spikes)
                {
                    if (ISOWeek.GetYear(date) == year && ISOWeek.GetWeekOfYear(date) == week)
                    {
                        // The extra volume is all of one product: (factor - 1) / factor of the week's interactions.
                        _spikeOf[w] = product;
                        _spikeShare[w] = (factor - 1) / factor;
                        weight *= factor;
                    }
                }

                total += weight;
                _cumulative[w] = total;
            }

            var sum = 0.0;
            _weekdayCumulative = WeekdayWeights.Select(x => sum += x).ToArray();
        }

        public DateTimeOffset Next(out string? spikeProduct)
        {
            var w = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
            w = w < 0 ? ~w : w;
            spikeProduct = _spikeOf[w] is { } product && _random.NextDouble() < _spikeShare[w] ? product : null;
            var d = Array.BinarySearch(_weekdayCumulative, _random.NextDouble() * _weekdayCumulative[^1]);
            d = d < 0 ? ~d : d;
            var day = _mondays[w].AddDays(d).ToDateTime(new TimeOnly(8, 0)).AddMinutes(_random.Next(12 * 60));
            return new DateTimeOffset(day, TimeSpan.Zero);
        }
    }
}
