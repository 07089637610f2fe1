using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Tests.Support;

/// <summary>
/// Thirty-one weeks with known answers, ending 2019-W40: product "Mortgage" triples in the last week (its new
/// interactions mostly about topic 4), product "Student loan" drifts up slowly (+2 % a week) and must not be flagged,
/// topic 9 appears from nothing in the last week. A few e-mails and calls, varied sentiment and anger levels; one
/// company name and one text carry markup that must show as text.
/// </summary>
public static class ReportFixture
{
    public static readonly ReportingWeek Last = new(2019, 40);

    public const string HostileCompany = "Acme <img src=x onerror=console.error('company')> Bank";

    public const string HostileText = "They charged me twice <script>console.error('injected')</script> & never answered my calls.";

    public static IReadOnlyDictionary<int, string> TopicLabels { get; } = new Dictionary<int, string>
    {
        [1] = "credit report errors",
        [2] = "loan servicing",
        [4] = "escrow and payments",
        [9] = "collection calls at work",
    };

    public static IReadOnlyList<ReportRow> Rows()
    {
        var rows = new List<ReportRow>();
        var n = 0;
        void Add(ReportingWeek week, string product, int count, int topic = 1, Channel channel = Channel.Complaint, string company = "Some bank")
        {
            for (var i = 0; i < count; i++)
            {
                var at = new DateTimeOffset(week.Start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddHours(i % 120);
                var negative = i % 4 == 0;
                var level = i % 10 == 0 ? AngerLevel.High : i % 7 == 0 ? AngerLevel.Watch : i == 13 ? AngerLevel.Critical : AngerLevel.None;
                rows.Add(new ReportRow($"{channel.ToName()}-{n++:D6}", channel, at, product, "Some issue", company, true,
                    negative ? SentimentClass.Negative : SentimentClass.Neutral, negative ? -0.6 : 0.1 + ((i % 5) * 0.05), level, topic, 0.5 + ((i % 10) * 0.04), i % 9 == 0 ? 1 : 0));
            }
        }

        for (var w = 30; w >= 0; w--)
        {
            var week = Last.AddWeeks(-w);
            var wiggle = (w % 3) - 1; // -1, 0, +1: weeks are never exactly alike
            Add(week, "Credit reporting", 60 + (2 * wiggle));
            Add(week, "Mortgage", 40 + wiggle, topic: 4, company: HostileCompany);
            if (w == 0)
            {
                Add(week, "Mortgage", 80, topic: 4);
            }

            Add(week, "Student loan", (int)Math.Round(30 * Math.Pow(1.02, 30 - w)) + wiggle, topic: 2);
            Add(week, "Credit reporting", 3, channel: Channel.Email);
            Add(week, "Credit reporting", 2, channel: Channel.Call);
            if (w == 0)
            {
                Add(week, "Credit reporting", 15, topic: 9);
            }
        }

        return rows.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public static WeeklyAggregates Aggregates() => WeeklyAggregates.Build(Rows(), TimeZoneInfo.Utc);

    /// <summary>The report of <see cref="Last"/>; every example text is <see cref="HostileText"/>.</summary>
    public static Task<WeeklyReport> ReportAsync(ReportOptions? options = null, DateTimeOffset? generatedAt = null) =>
        new WeeklyReportBuilder(options ?? Options()).BuildAsync(
            Aggregates(), Last, TopicLabels,
            (ids, _) => Task.FromResult<IReadOnlyList<TopicExample>>(ids.Select(id => new TopicExample(id, "complaint", new DateTimeOffset(2019, 10, 2, 9, 0, 0, TimeSpan.Zero), HostileText)).ToList()),
            generatedAt ?? new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), "sqlite:fixture.db", CancellationToken.None);

    public static ReportOptions Options() => new() { FontDirectory = Path.Combine(TestPaths.Data, "fonts") };
}
