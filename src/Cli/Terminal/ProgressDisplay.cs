using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Ingest;
using Spectre.Console;

namespace Pipeline.Cli.Terminal;

/// <summary>
/// Shows ingest progress: a Spectre.Console progress bar on an interactive terminal, and plain
/// periodic log lines when output is redirected or <c>CI=true</c>.
/// </summary>
public static class ProgressDisplay
{
    public static bool UseBar =>
        !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with a progress sink suited to where the output goes.</summary>
    public static async Task<T> RunAsync<T>(ILogger logger, TimeProvider time, Func<IIngestProgress, Task<T>> work)
    {
        if (!UseBar)
        {
            return await work(new LogLines(logger, time)).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context => await work(new Bar(context)).ConfigureAwait(false))
            .ConfigureAwait(false);
    }

    private sealed class Bar(ProgressContext context) : IIngestProgress
    {
        private ProgressTask? _task;
        private long _done;
        private long _current;

        public void Planned(int files, long totalBytes) =>
            _task = context.AddTask($"Ingesting {files} files", maxValue: Math.Max(1, totalBytes));

        public void FileStarted(string path, long length)
        {
            _current = length;
            if (_task is not null)
            {
                _task.Description = Markup.Escape(Path.GetFileName(path));
            }
        }

        public void Advanced(string path, long position, long recordsRead) => _task?.Value(_done + position);

        public void FileFinished(FileSummary summary)
        {
            if (!summary.Skipped)
            {
                _done += _current;
            }

            _task?.Value(_done);
        }
    }

    /// <summary>One line per finished file, and a line at most every 5 seconds in between.</summary>
    private sealed class LogLines(ILogger logger, TimeProvider time) : IIngestProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
        private int _files;
        private int _finished;
        private long _lastReport;

        public void Planned(int files, long totalBytes)
        {
            _files = files;
            _lastReport = time.GetTimestamp();
            logger.LogInformation("Ingesting {Files} files, {Megabytes} MB", files, (totalBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture));
        }

        public void FileStarted(string path, long length) { }

        public void Advanced(string path, long position, long recordsRead)
        {
            if (time.GetElapsedTime(_lastReport) >= Interval)
            {
                _lastReport = time.GetTimestamp();
                logger.LogInformation("{Path}: {Records} records, {Megabytes} MB read", path, recordsRead, (position / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture));
            }
        }

        public void FileFinished(FileSummary summary)
        {
            if (summary.Skipped)
            {
                return;
            }

            _finished++;
            logger.LogInformation("[{Done}/{Files}] {Path}: {Read} read, {Stored} stored, {Duplicates} duplicates, {Rejected} rejected",
                _finished, _files, summary.Path, summary.RecordsRead, summary.Stored, summary.Duplicates, summary.Rejected);
        }
    }
}
