using Microsoft.Data.Sqlite;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// A full disk under the SQLite store and under the reports (small tmpfs mounts, which need root: ignored otherwise,
/// failing under <c>CI=true</c>; ignored, saying why, where even root may not mount): the run stops with exit code 5 and says the disk is full, the store keeps whole
/// batches and passes <c>PRAGMA integrity_check</c>, and with space again a rerun stores exactly what is missing.
/// </summary>
[NonParallelizable]
public class DiskFullTests
{
    private const int BatchSize = 1000;
    private string _scratch = null!;
    private readonly List<string> _mounts = [];

    [SetUp]
    public void SetUp()
    {
        if (System.Environment.UserName != "root")
        {
            const string message = "Mounting a small tmpfs needs root (./test.sh runs as root in CI).";
            if (string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        _scratch = TestPaths.NewScratch("disk-full");
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var mount in _mounts)
        {
            await Programs.RunAsync("umount", "-l", mount);
        }

        _mounts.Clear();
    }

    [Test]
    public async Task Ingest_StoreOnAFullDisk_StopsSayingSoKeepsWholeBatchesAndARerunWithSpaceStoresTheRest()
    {
        var small = await MountAsync("store", "3m");
        var store = "sqlite:" + Path.Combine(small, "p.db");
        var complaints = Path.Combine(TestPaths.Data, "complaints");

        var full = await CliProcess.RunAsync(_scratch, Environment(store), "ingest", complaints);
        var kept = await CountAsync(Path.Combine(small, "p.db"));
        await Programs.RunAsync("mount", "-o", "remount,size=64m", small);
        var again = await CliProcess.RunAsync(_scratch, Environment(store), "ingest", complaints);
        var all = await CountAsync(Path.Combine(small, "p.db"));

        Assert.That(full.ExitCode, Is.EqualTo(5), full.Stderr);
        Assert.That(full.Stderr, Does.Contain("The disk is full").And.Contain("free some space and run again"));
        Assert.That(full.Stderr, Does.Not.Match(@"\n\s+at [\w.]+\("), "a message, not a stack trace");
        Assert.That(kept % BatchSize, Is.Zero, $"only whole batches were kept ({kept})");
        Assert.That(again.ExitCode, Is.Zero, again.Stderr);
        Assert.That(again.Stdout, Does.Contain($"duplicates skipped {kept:N0}"));
        Assert.That(all, Is.EqualTo(6_623), "every complaint once");
    }

    [Test]
    public async Task Report_OutputOnAFullDisk_StopsSayingSoAndLeavesThePreviousReportWhole()
    {
        var store = "sqlite:" + Path.Combine(_scratch, "p.db");
        var ingest = await CliProcess.RunAsync(_scratch, Environment(store), "ingest", Path.Combine(TestPaths.Data, "complaints"));
        Assert.That(ingest.ExitCode, Is.Zero, ingest.Stderr);
        var reports = await MountAsync("reports", "4m");
        var environment = Environment(store);
        environment["PIPELINE_Reports__OutputDirectory"] = reports;

        var first = await CliProcess.RunAsync(_scratch, environment, "report", "--week", "2019-W26");
        var before = File.ReadAllText(Path.Combine(reports, "2019-W26", "report.html"));
        await Programs.RunAsync("mount", "-o", "remount,size=" + (new DriveInfo(reports).TotalSize - new DriveInfo(reports).AvailableFreeSpace + 64 * 1024), reports);
        var second = await CliProcess.RunAsync(_scratch, environment, "report", "--week", "2019-W26");

        Assert.That(first.ExitCode, Is.Zero, first.Stderr);
        Assert.That(second.ExitCode, Is.EqualTo(5), second.Stderr);
        Assert.That(second.Stderr, Does.Contain("The disk is full").And.Not.Match(@"\n\s+at [\w.]+\("));
        Assert.That(File.ReadAllText(Path.Combine(reports, "2019-W26", "report.html")), Is.EqualTo(before), "the previous report is whole at its place");
    }

    private Dictionary<string, string> Environment(string store) => new()
    {
        ["PIPELINE_Store__ConnectionString"] = store,
        ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(_scratch, "pipeline.key"),
        ["PIPELINE_Ingest__BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PIPELINE_Reports__FontDirectory"] = Path.Combine(TestPaths.Data, "fonts"),
        ["PIPELINE_Reports__OutputDirectory"] = Path.Combine(_scratch, "reports"),
        ["CI"] = "true",
    };

    private async Task<string> MountAsync(string name, string size)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;
        var (exitCode, output) = await Programs.TryRunAsync("mount", "-t", "tmpfs", "-o", "size=" + size, "pipeline-test-" + name, folder);
        if (exitCode != 0)
        {
            // Root without the right to mount (an unprivileged container): the machine cannot make a small disk.
            Assert.Ignore($"A tmpfs cannot be mounted here, so a full disk cannot be made: {output.Trim()}");
        }

        _mounts.Add(folder);
        return folder;
    }

    private static async Task<long> CountAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.That(await check.ExecuteScalarAsync(), Is.EqualTo("ok"), "the store is sound");
        check.CommandText = "SELECT count(*) FROM interactions";
        return (long)(await check.ExecuteScalarAsync())!;
    }
}
