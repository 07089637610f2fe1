using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Ingest.Complaints;

namespace Pipeline.Ingest;

/// <summary>
/// The files behind a list of inputs, and how each is opened and read: shared by the ingest stage and by
/// anything else that reads inputs (<see cref="InputReader"/>), so both see the same files the same way.
/// </summary>
public static class InputFiles
{
    /// <summary>
    /// Advances a reader. Whatever goes wrong inside a reader is about that file (I/O, permissions, or a
    /// format the reader did not expect), so it becomes the file's error and the run goes on; store
    /// failures happen outside this call and stop the run.
    /// </summary>
    public static async Task<bool> NextAsync(IAsyncEnumerator<ReadOutcome> outcomes, string path)
    {
        try
        {
            return await outcomes.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (UnreadableSourceException or OperationCanceledException))
        {
            var reason = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                IOException => "cannot be read: " + ex.Message,
                _ => $"unexpected {ex.GetType().Name} while reading: {ex.Message}",
            };
            throw new UnreadableSourceException(path, reason, ex);
        }
    }

    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnreadableSourceException(path, "permission denied", ex);
        }
        catch (IOException ex)
        {
            throw new UnreadableSourceException(path, "cannot be opened: " + ex.Message, ex);
        }
    }

    /// <summary>A file to read, its size, its channel (<c>null</c>: not an input type) and the complaints mapping for it.</summary>
    public sealed record PlannedFile(string Path, long Length, Channel? Channel, ComplaintMapping Mapping);

    /// <summary>Fails, naming the first one, when an input or a mapping file does not exist.</summary>
    public static void CheckInputs(IReadOnlyList<IngestSource> sources)
    {
        foreach (var source in sources)
        {
            if (source.Mapping is not null && !File.Exists(source.Mapping))
            {
                throw new FileNotFoundException($"Mapping file '{source.Mapping}' does not exist.", source.Mapping);
            }

            if (!File.Exists(source.Path) && !Directory.Exists(source.Path))
            {
                throw new FileNotFoundException(
                    $"Input '{source.Path}' does not exist (neither a file nor a folder; relative paths start at {Directory.GetCurrentDirectory()}).", source.Path);
            }
        }
    }

    /// <summary>Expands folders (recursively, in name order, skipping hidden entries) into the files to read.</summary>
    public static List<PlannedFile> Plan(IReadOnlyList<IngestSource> sources)
    {
        CheckInputs(sources);
        var plan = new List<PlannedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var mapping = source.Mapping is null ? ComplaintMapping.Cfpb : ComplaintMapping.Load(source.Mapping);
            IEnumerable<string> paths;
            if (Directory.Exists(source.Path))
            {
                paths = Directory.EnumerateFiles(source.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                    .Where(p => !Path.GetFileName(p).StartsWith('.'))
                    .Order(StringComparer.Ordinal);
            }
            else
            {
                paths = [source.Path];
            }

            foreach (var path in paths)
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    plan.Add(new PlannedFile(path, new FileInfo(path).Length, ReaderCatalog.ChannelOf(path, source.Channel), mapping));
                }
            }
        }

        return plan;
    }
}
