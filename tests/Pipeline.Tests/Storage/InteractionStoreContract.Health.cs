using Pipeline.Core.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>What `health` reads of a store, and the worker's heartbeats, on both stores.</summary>
public abstract partial class InteractionStoreContract
{
    [Test]
    public async Task ReadHealthAsync_UnscoredInteractions_CountsThemSinceTheRunThatStoredTheOldest()
    {
        var early = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var first = await Store.BeginRunAsync("ingest", ["a"], early, CancellationToken.None);
        await Store.WriteAsync(first, [Some.Interaction(), Some.Interaction()], CancellationToken.None);
        var second = await Store.BeginRunAsync("ingest", ["b"], early.AddHours(3), CancellationToken.None);
        await Store.WriteAsync(second, [Some.Interaction()], CancellationToken.None);

        var reading = await Store.ReadHealthAsync(CancellationToken.None);

        Assert.That(reading.Migrations.IsCurrent, Is.True);
        Assert.That(reading.Unscored, Is.EqualTo(new Backlog(3, early)));
        Assert.That(reading.PendingBumps, Is.EqualTo(new Backlog(0, null)));
        Assert.That(reading.DeadBumps, Is.Zero);
        Assert.That(reading.Workers, Is.Empty);
    }

    [Test]
    public async Task ReadHealthAsync_ScoredWithBumpsPending_NoUnscoredAndTheBumpsSinceTheyWereMade()
    {
        await Outbox.SeedAsync(Store, ["A", "B", null]);

        var reading = await Store.ReadHealthAsync(CancellationToken.None);

        Assert.That(reading.Unscored, Is.EqualTo(new Backlog(0, null)));
        Assert.That(reading.PendingBumps, Is.EqualTo(new Backlog(2, Outbox.At)), "the escalation without a ticket waits for nothing");
    }

    [Test]
    public async Task ReadHealthAsync_AMigrationNotApplied_SaysWhichAndReadsNothingElse()
    {
        var latest = await CountAsync("SELECT max(version) FROM schema_migrations");
        await ExecuteSqlAsync("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
        var before = await CountAsync("SELECT count(*) FROM schema_migrations");

        var reading = await Store.ReadHealthAsync(CancellationToken.None);

        Assert.That(reading.Migrations.Pending, Has.Count.EqualTo(1).And.All.StartsWith(latest.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "_"));
        Assert.That(reading.Unscored, Is.Null);
        Assert.That(reading.Workers, Is.Null);
        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations"), Is.EqualTo(before), "reading applies nothing");
    }

    [Test]
    public async Task ReadHealthAsync_AnAppliedMigrationEdited_SaysSoWithoutThrowing()
    {
        await ExecuteSqlAsync("UPDATE schema_migrations SET checksum = 'c0ffee' || substr(checksum, 7) WHERE version = 2");

        var reading = await Store.ReadHealthAsync(CancellationToken.None);

        Assert.That(reading.Migrations.IsCurrent, Is.False);
        Assert.That(reading.Migrations.Mismatch, Does.Contain("0002_customer_identifiers was applied from another script"));
    }

    [Test]
    public async Task BeatAsync_SameWorkerTwice_KeepsOneRowWithItsLatestStateAndForgetsWorkersGoneAWeek()
    {
        var start = new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
        await Store.BeatAsync(new WorkerBeat("old/1", start.AddDays(-9), start.AddDays(-8), WorkerState.Stopped), CancellationToken.None);
        await Store.BeatAsync(new WorkerBeat("other/2", start, start.AddSeconds(10), WorkerState.SchedulerDown), CancellationToken.None);
        await Store.BeatAsync(new WorkerBeat("host/7", start, start.AddSeconds(30), WorkerState.Running), CancellationToken.None);
        await Store.BeatAsync(new WorkerBeat("host/7", start, start.AddSeconds(60), WorkerState.Stopped), CancellationToken.None);

        var reading = await Store.ReadHealthAsync(CancellationToken.None);

        Assert.That(reading.Workers, Is.EqualTo(new[]
        {
            new WorkerBeat("host/7", start, start.AddSeconds(60), WorkerState.Stopped),
            new WorkerBeat("other/2", start, start.AddSeconds(10), WorkerState.SchedulerDown),
        }), "latest first; old/1, gone for eight days, is forgotten");
    }
}
