namespace Pipeline.Evaluation;

/// <summary>Where the repository and the shared real data (<c>../shared/data</c> beside the checkout) are.</summary>
public static class SharedData
{
    /// <summary>The repository root: the nearest folder up from here that holds Pipeline.sln.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run the evaluation from inside the repository (no Pipeline.sln above the working directory).");
    }

    /// <summary>The shared data folder: the one given, or <c>../shared/data</c> beside the repository.</summary>
    public static string Locate(string? given)
    {
        var path = given ?? Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"The shared data folder '{path}' does not exist; pass --shared DIR (the folder with the DEV sets' README.md).");
    }
}
