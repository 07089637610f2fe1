namespace Pipeline.Cli;

/// <summary>
/// Where the shipped assets are found: the lexicons, the topic stop words, the sentiment training data and the chart
/// fonts. A relative path is looked for in the working directory first (a team's own copy wins), then in the
/// application's folder, where the build and <c>dotnet publish</c> put the shipped copies; so the CLI runs from any
/// folder. What is the user's (the store, the reports, the models, the key, the inputs, appsettings.json overrides) stays
/// relative to the working directory.
/// </summary>
public static class ShippedAssets
{
    /// <summary>
    /// The full path of a configured asset file or folder: as given when absolute; else in
    /// <paramref name="workingDirectory"/> when it is there, else in <paramref name="appDirectory"/> when it is there, else
    /// the working directory's (so that the error of whoever opens it names where the user's copy was expected).
    /// </summary>
    public static string Resolve(string configured, string workingDirectory, string appDirectory)
    {
        if (string.IsNullOrEmpty(configured) || Path.IsPathRooted(configured))
        {
            return configured;
        }

        var local = Path.GetFullPath(configured, workingDirectory);
        if (File.Exists(local) || Directory.Exists(local))
        {
            return local;
        }

        var shipped = Path.GetFullPath(configured, appDirectory);
        return File.Exists(shipped) || Directory.Exists(shipped) ? shipped : local;
    }

    /// <summary><see cref="Resolve(string, string, string)"/> from the process's working directory and the application's folder.</summary>
    public static string Resolve(string configured) => Resolve(configured, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}
