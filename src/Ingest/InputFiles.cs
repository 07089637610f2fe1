using System.IO.Compression;
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

    /// <summary>Whether the input is gzip-compressed (its name ends in .gz: complaints.csv.gz, mail.mbox.gz).</summary>
    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name that says what an input holds: the path without a trailing .gz.</summary>
    public static string TypeName(string path) => IsCompressed(path) ? path[..^3] : path;

    /// <summary>
    /// Opens an input for reading, after a look at its first bytes: what no reader can read (binary, a zip archive,
    /// UTF-16, a .gz that is not gzip) is refused with the reason, as an <see cref="UnreadableSourceException"/>. A .gz,
    /// and a member of a zip archive, is first decompressed into a temporary file that is deleted when the input is
    /// closed, so every reader gets the seekable stream it gets for a plain file (the JSON and e-mail readers look ahead
    /// and go back).
    /// </summary>
    public static OpenedInput Open(PlannedFile planned) => planned.Archive is { } archive ? OpenMember(archive, planned.Entry, planned.Path) : Open(planned.Path);

    private static OpenedInput Open(string path)
    {
        var file = OpenFile(path);
        if (!IsCompressed(path))
        {
            if (Refusal(path, file) is { } refusal)
            {
                file.Dispose();
                throw refusal;
            }

            return new OpenedInput(file, file);
        }

        return Extracted(path, plain =>
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            gzip.CopyTo(plain, 64 * 1024);
        }, file, ex => ex is InvalidDataException ? "named .gz but not gzip data: " + ex.Message : "cannot be decompressed: " + ex.Message);
    }

    /// <summary>A member of a zip archive, extracted into a temporary file deleted when the input is closed.</summary>
    private static OpenedInput OpenMember(string archivePath, string? entryName, string shownPath) =>
        Extracted(shownPath, plain =>
        {
            using var archive = new ZipArchive(OpenFile(archivePath), ZipArchiveMode.Read);
            var entry = (entryName is null ? null : archive.GetEntry(entryName))
                ?? throw new UnreadableSourceException(shownPath, entryName is null ? "a zip archive without any input in it" : "no longer in the archive");
            using var member = entry.Open();
            member.CopyTo(plain, 64 * 1024);
        }, null, ex => "the zip archive cannot be read: " + ex.Message);

    /// <summary>
    /// Fills a temporary file (deleted when closed) with <paramref name="fill"/>, looks at its first bytes and opens it
    /// as the input; <paramref name="source"/>, the compressed file on disk when there is one, gives the progress.
    /// </summary>
    private static OpenedInput Extracted(string shownPath, Action<Stream> fill, FileStream? source, Func<Exception, string> reason)
    {
        FileStream? plain = null;
        try
        {
            plain = TemporaryCopy();
            fill(plain);
            plain.Position = 0;
            if (Refusal(shownPath, plain) is { } refusal)
            {
                throw refusal;
            }

            return new OpenedInput(plain, source ?? plain);
        }
        catch (Exception ex) when ((ex is InvalidDataException or IOException) && ex is not UnreadableSourceException)
        {
            plain?.Dispose();
            source?.Dispose();
            throw new UnreadableSourceException(shownPath, reason(ex), ex);
        }
        catch
        {
            plain?.Dispose();
            source?.Dispose();
            throw;
        }
    }

    private static FileStream TemporaryCopy() =>
        new(Path.Combine(Path.GetTempPath(), "pipeline-input-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    private static UnreadableSourceException? Refusal(string path, Stream content)
    {
        try
        {
            return SourceSniffer.WhyNotText(content) is { } reason ? new UnreadableSourceException(path, reason) : null;
        }
        catch (IOException ex)
        {
            return new UnreadableSourceException(path, "cannot be read: " + ex.Message, ex);
        }
    }

    private static FileStream OpenFile(string path)
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

    /// <summary>An input opened by <see cref="Open"/>: what the reader reads, and how far into the file on disk that is.</summary>
    public sealed class OpenedInput(FileStream content, FileStream file) : IAsyncDisposable
    {
        /// <summary>The input's bytes (the decompressed copy when the file is compressed), seekable.</summary>
        public Stream Content => content;

        /// <summary>How far into the file on disk the reader is: the progress against the file's length.</summary>
        public long Position => ReferenceEquals(content, file) || content.Length == 0
            ? content.Position
            : (long)((double)content.Position / content.Length * file.Length);

        public async ValueTask DisposeAsync()
        {
            await content.DisposeAsync().ConfigureAwait(false);
            if (!ReferenceEquals(content, file))
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A file to read, its size, its channel (<c>null</c>: not an input type) and the complaints mapping for it. A member of
    /// a zip archive is shown as <c>archive.zip/member.csv</c> (<see cref="Path"/>), read from <see cref="Archive"/>'s
    /// <see cref="Entry"/>, and its size is the member's uncompressed size.
    /// </summary>
    /// <param name="Refused">Why the file is not read at all (a zip member whose name climbs out of its archive), or <c>null</c>.</param>
    /// <param name="Language">The language its interactions are stored with, when its source forces one (else each text's own).</param>
    public sealed record PlannedFile(string Path, long Length, Channel? Channel, ComplaintMapping Mapping, string? Archive = null, string? Entry = null, string? Refused = null)
    {
        public string? Language { get; init; }
    }

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
                if (!seen.Add(Path.GetFullPath(path)))
                {
                    continue;
                }

                var files = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    ? Members(path, source.Channel, mapping)
                    : [new PlannedFile(path, new FileInfo(path).Length, ReaderCatalog.ChannelOf(path, source.Channel), mapping)];
                plan.AddRange(files.Select(f => f with { Language = source.Language }));
            }
        }

        return plan;
    }

    /// <summary>
    /// The members of a zip archive (the CFPB publishes its export as complaints.csv.zip), in name order, hidden ones and
    /// folders left out. An archive that cannot be read, or holds nothing, is one planned file whose reading says why.
    /// </summary>
    private static IEnumerable<PlannedFile> Members(string path, Channel? forced, ComplaintMapping mapping)
    {
        var members = new List<PlannedFile>();
        try
        {
            using var archive = new ZipArchive(OpenFile(path), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                if (UnsafeMemberName(entry.FullName) is { } unsafeName)
                {
                    // Never read (members are read in memory, never written out), but said, not passed over in silence.
                    members.Add(new PlannedFile($"{path}/{entry.FullName}", entry.Length, null, mapping, path, entry.FullName, unsafeName));
                    continue;
                }

                if (entry.FullName.EndsWith('/') || entry.FullName.Split('/').Any(part => part.StartsWith('.') || part == "__MACOSX"))
                {
                    continue;
                }

                members.Add(new PlannedFile($"{path}/{entry.FullName}", entry.Length, ReaderCatalog.ChannelOf(entry.FullName, forced), mapping, path, entry.FullName));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnreadableSourceException)
        {
            // Planned as the archive itself: reading it gives the reason (and the other inputs carry on).
            members.Clear();
        }

        return members.Count > 0 ? members : [new PlannedFile(path, new FileInfo(path).Length, forced ?? Channel.Complaint, mapping, path, null)];
    }

    /// <summary>Why a zip member's name is unsafe to act on (it climbs out of the archive or is absolute), or <c>null</c>.</summary>
    public static string? UnsafeMemberName(string name)
    {
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || (normalised.Length > 1 && normalised[1] == ':'))
        {
            return $"refused: the archive member's name '{name}' is an absolute path";
        }

        foreach (var part in normalised.Split('/'))
        {
            if (part == "..")
            {
                return $"refused: the archive member's name '{name}' climbs out of the archive ('..')";
            }
        }

        return null;
    }
}
