using System.Runtime.InteropServices;

namespace Pipeline.Models.Topics;

/// <summary>
/// ML.NET's LDA (LightLDA, native code) prints its progress with printf straight to file descriptor 1, past
/// <see cref="Console.Out"/>. While a <see cref="Silence"/> scope is open, descriptor 1 points at /dev/null, so
/// the CLI's own output stays clean. Scopes nest and may overlap across threads (the descriptor is restored when
/// the last one closes). They are held only around native LDA calls; the CLI prints nothing to stdout meanwhile
/// (logs go to stderr).
/// </summary>
internal static partial class NativeStdout
{
    private const int StdoutFd = 1;
    private static readonly Lock Gate = new();
    private static int _depth;
    private static int _saved = -1;

    public static IDisposable Silence()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return new ClosingScope(null);
        }

        lock (Gate)
        {
            if (_depth++ == 0)
            {
                Console.Out.Flush();
                Flush(IntPtr.Zero);
                _saved = Dup(StdoutFd);
                var devNull = Open("/dev/null", 1 /* O_WRONLY */);
                if (_saved < 0 || devNull < 0)
                {
                    throw new InvalidOperationException("Cannot redirect the native standard output around ML.NET's LDA (dup/open failed).");
                }

                Dup2(devNull, StdoutFd);
                Close(devNull);
            }
        }

        return new ClosingScope(Restore);
    }

    private static void Restore()
    {
        lock (Gate)
        {
            if (--_depth == 0)
            {
                Flush(IntPtr.Zero);
                Dup2(_saved, StdoutFd);
                Close(_saved);
                _saved = -1;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fflush")]
    private static partial int Flush(IntPtr stream);
}
