using System.Runtime.InteropServices;

namespace Pipeline.Models.Topics;

/// <summary>
/// ML.NET's LightLDA (native code) starts a sampler thread for each fit and pins it to CPU 0 (<c>sched_setaffinity</c>),
/// so fits run side by side on one core however many the machine has: two fits of 5,000 documents took 34-40 s side by
/// side, 16-18 s for one alone, and 20 s side by side with this (BENCHMARKS.md, "the nineteenth round"). While
/// <see cref="AllCores"/> scopes are open, one watcher thread gives every thread started since the first of them opened
/// the CPUs its opener may use, whenever its own differ; it looks every 10 ms, and the sampler pins itself once, as it
/// starts. Threads that were there before keep their affinity (a server garbage collector's threads, say), and so do
/// threads started once the last scope has closed. Where a thread samples does not change what it samples: the same
/// models. Scopes nest and may overlap across threads. Linux only: elsewhere a scope does nothing, and the two helpers
/// the tests read and pin with fail.
/// </summary>
public static partial class SamplerAffinity
{
    /// <summary>The size of the kernel's CPU set the calls pass (<c>cpu_set_t</c>, 1,024 CPUs).</summary>
    private const int MaskBytes = 128;

    /// <summary>How often the watcher looks at the process's threads.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private static readonly Lock Gate = new();
    private static int _depth;
    private static Watcher? _watcher;

    public static IDisposable AllCores()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new ClosingScope(null);
        }

        lock (Gate)
        {
            if (_depth == 0)
            {
                _watcher = Watcher.Start();
            }

            _depth++;
        }

        return new ClosingScope(Close);
    }

    /// <summary>The CPUs a thread of this process may run on (0 for the calling thread), as the kernel's bit mask.</summary>
    public static byte[] Of(int threadId)
    {
        var mask = new byte[MaskBytes];
        if (GetAffinity(threadId, MaskBytes, mask) != 0)
        {
            throw new InvalidOperationException($"Cannot read the CPU affinity of thread {threadId} (sched_getaffinity, errno {Marshal.GetLastPInvokeError()}).");
        }

        return mask;
    }

    /// <summary>Pins a thread of this process (0 for the calling thread) to the CPUs of a mask.</summary>
    public static void Pin(int threadId, byte[] mask)
    {
        if (SetAffinity(threadId, MaskBytes, mask) != 0)
        {
            throw new InvalidOperationException($"Cannot set the CPU affinity of thread {threadId} (sched_setaffinity, errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    private static void Close()
    {
        Watcher? stopping = null;
        lock (Gate)
        {
            if (--_depth == 0)
            {
                stopping = _watcher;
                _watcher = null;
            }
        }

        stopping?.Stop();
    }

    private sealed class Watcher
    {
        private readonly byte[] _allowed;
        private readonly HashSet<int> _before;
        private readonly ManualResetEventSlim _stop = new();
        private readonly Thread _thread;

        private Watcher(byte[] allowed, HashSet<int> before)
        {
            _allowed = allowed;
            _before = before;
            _thread = new Thread(Run) { IsBackground = true, Name = "LDA affinity" };
        }

        public static Watcher Start()
        {
            var watcher = new Watcher(Of(0), [.. Threads()]);
            watcher._thread.Start();
            return watcher;
        }

        public void Stop()
        {
            _stop.Set();
            _thread.Join();
            _stop.Dispose();
        }

        private void Run()
        {
            var mask = new byte[MaskBytes];
            while (!_stop.Wait(Interval))
            {
                foreach (var thread in Threads())
                {
                    // A thread that has ended since the listing fails both calls (ESRCH): nothing to widen.
                    if (!_before.Contains(thread) && GetAffinity(thread, MaskBytes, mask) == 0 && !mask.AsSpan().SequenceEqual(_allowed))
                    {
                        SetAffinity(thread, MaskBytes, _allowed);
                    }
                }
            }
        }

        private static IEnumerable<int> Threads()
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (int.TryParse(Path.GetFileName(task), out var id))
                {
                    yield return id;
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int GetAffinity(int threadId, nuint size, [Out] byte[] mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SetAffinity(int threadId, nuint size, byte[] mask);
}
