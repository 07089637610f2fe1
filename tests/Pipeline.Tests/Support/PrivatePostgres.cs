using System.Net;
using System.Net.Sockets;

namespace Pipeline.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own (Debian's binaries, as test.sh starts the shared one: a fresh folder, trust
/// auth, a free loopback port, run as the <c>postgres</c> user when the tests run as root), for tests that restart or
/// stop the server, which the shared cluster's other users must not see. Without the binaries the test is ignored
/// locally and fails under <c>CI=true</c>.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>A connection string to the cluster's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    private string Data => Path.Combine(_folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            const string message = "PostgreSQL's binaries (Debian's postgresql package) are not installed: run the tests with ./test.sh, which installs them.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        var folder = Directory.CreateTempSubdirectory("pipeline-private-pg-").FullName;
        if (IsRoot)
        {
            await Programs.RunAsync("chown", "postgres:", folder);
        }

        var port = FreePort();
        var postgres = new PrivatePostgres(bin!, folder, port);
        await postgres.AsPostgresAsync("initdb", "-D", postgres.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
        await postgres.AsPostgresAsync("pg_ctl", "-D", postgres.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "120",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
        return postgres;
    }

    /// <summary>Restarts the server the way a crash does (<c>pg_ctl restart -m immediate</c>: no checkpoint, every connection cut; recovery on start).</summary>
    /// <remarks>With its log file named again: a server started without one writes to pg_ctl's output, held open while it runs.</remarks>
    public Task RestartImmediatelyAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-m", "immediate", "-w", "-t", "120", "restart");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task AsPostgresAsync(string program, params string[] args) =>
        IsRoot ? Programs.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args]) : Programs.RunAsync(Path.Combine(_bin, program), args);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
