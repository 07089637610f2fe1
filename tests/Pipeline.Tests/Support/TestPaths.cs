namespace Pipeline.Tests.Support;

/// <summary>Where the repository, its shipped data and the shared real data sit, and fresh scratch folders.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The project's shipped sample (what the README's first command runs on).</summary>
    public static string Data => Path.Combine(RepoRoot, "data");

    /// <summary>A new empty folder under the test output, kept after the run for inspection.</summary>
    public static string NewScratch(string? name = null)
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "scratch", (name ?? TestContext.CurrentContext.Test.MethodName ?? "test") + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
