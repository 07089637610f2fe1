using Pipeline.Cli.Health;
using Pipeline.Cli.Worker;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;

namespace Pipeline.Tests.Cli;

/// <summary>What each `health` check holds to be healthy, from what the store and the reports folder say.</summary>
public class HealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    [TestCase(0, true, "empty")]
    [TestCase(59, true, "12 waiting, the oldest for 59 min")]
    [TestCase(61, false, "more than the 60 min allowed (Health:BacklogMinutes)")]
    [TestCase(60 * 26, false, "the oldest for 26 h 0 min")]
    public void Of_BacklogAge_HealthyWithinTheAllowance(int minutesOld, bool healthy, string detail)
    {
        var backlog = minutesOld == 0 ? new Backlog(0, null) : new Backlog(12, Now.AddMinutes(-minutesOld));

        var check = HealthCheck.Of(HealthCheck.Scoring, backlog, Now, TimeSpan.FromMinutes(60));

        Assert.That(check.Healthy, Is.EqualTo(healthy));
        Assert.That(check.Detail, Does.Contain(detail));
    }

    [TestCase(new[] { 20 }, new[] { "running" }, true, true, "1 worker running (w0, last beat 20 s ago)")]
    [TestCase(new[] { 89 }, new[] { "running" }, true, true, "1 worker running")]
    [TestCase(new[] { 91 }, new[] { "running" }, true, false, "the last, w0, said 'running' 2 min ago")]
    [TestCase(new[] { 5 }, new[] { "scheduler-down" }, true, false, "said 'scheduler-down' 5 s ago")]
    [TestCase(new[] { 5, 10 }, new[] { "stopped", "running" }, true, true, "1 worker running (w1")]
    [TestCase(new int[0], new string[0], true, false, "no worker has run on this store")]
    [TestCase(new int[0], new string[0], false, true, "(none expected: Health:ExpectWorker is false)")]
    public void Of_WorkerBeats_RunningWhenOneBeatRunningWithinThreeHeartbeats(int[] secondsAgo, string[] states, bool expected, bool healthy, string detail)
    {
        var beats = secondsAgo.Select((s, i) => new WorkerBeat($"w{i}", Now.AddHours(-1), Now.AddSeconds(-s), WorkerStateNames.Parse(states[i]))).ToList();

        var check = HealthCheck.Of(beats, Now, Heartbeat, expected);

        Assert.That((check.Name, check.Healthy), Is.EqualTo((HealthCheck.Scheduler, healthy)));
        Assert.That(check.Detail, Does.Contain(detail));
    }

    [TestCase("2026-W48", "2026-W48", 40, true, "latest written 2026-W48, the latest complete week")]
    [TestCase("2026-W48", "2026-W47", 12, true, "2026-W48 ended 12 h 0 min ago, its report is due within 30 h 0 min")]
    [TestCase("2026-W48", "2026-W47", 31, false, "the report of 2026-W48 is missing 31 h 0 min after the week ended")]
    [TestCase("2026-W48", null, 31, false, "none written; the report of 2026-W48 is missing")]
    [TestCase(null, null, 0, true, "no complete week with interactions yet; none written")]
    public void Of_ReportWeeks_MissingOnlyAfterTheGrace(string? due, string? written, int hoursSinceWeekEnded, bool healthy, string detail)
    {
        (ReportingWeek, DateTimeOffset)? latest = due is null ? null : (ReportingWeek.Parse(due), Now.AddHours(-hoursSinceWeekEnded));

        var check = HealthCheck.Of(latest, written is null ? null : ReportingWeek.Parse(written), Now, TimeSpan.FromHours(30));

        Assert.That(check.Healthy, Is.EqualTo(healthy));
        Assert.That(check.Detail, Does.Contain(detail));
    }

    [Test]
    public void Of_MigrationStates_CurrentPendingOrEdited()
    {
        Assert.That(HealthCheck.Of(new MigrationState([], null)), Is.EqualTo(new HealthCheck(HealthCheck.Migrations, true, "current")));
        Assert.That(HealthCheck.Of(new MigrationState(["0008_worker_heartbeats"], null)).Detail,
            Is.EqualTo("1 not applied (0008_worker_heartbeats): the next run of any verb applies them"));
        Assert.That(HealthCheck.Of(new MigrationState([], "migration 0002 was edited")).Healthy, Is.False);
    }

    [TestCase("2000000", null, 2.0)]
    [TestCase("2000000", "self", 2.0)]
    [TestCase("2000000", "1", null)]
    [TestCase(null, null, null)]
    [TestCase("0", null, null)]
    [TestCase("soon", null, null)]
    public void Watchdog_SystemdVariables_ThePeriodWhenMeantForThisProcess(string? usec, string? pid, double? seconds)
    {
        var variables = new Dictionary<string, string?>
        {
            ["WATCHDOG_USEC"] = usec,
            ["WATCHDOG_PID"] = pid == "self" ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : pid,
        };

        Assert.That(SystemdNotify.Watchdog(name => variables.GetValueOrDefault(name))?.TotalSeconds, Is.EqualTo(seconds));
    }
}
