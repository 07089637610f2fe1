using System.Diagnostics;
using Pipeline.Models.Topics;

namespace Pipeline.Tests.Models.Topics;

/// <summary>
/// The watcher that gives LightLDA's sampler threads, which pin themselves to CPU 0, every core back. Each test pins a
/// thread of its own to the first CPU this process may use, as the sampler does, and reads the thread's affinity back.
/// </summary>
[NonParallelizable]
public class SamplerAffinityTests
{
    /// <summary>Generous: the watcher looks every 10 ms, but a busy machine may not run it for a while.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public void AllCores_ThreadStartedInsideThatPinsItself_GetsTheProcessCoresBack()
    {
        var allowed = SamplerAffinity.Of(0);

        byte[]? seen;
        using (SamplerAffinity.AllCores())
        {
            seen = OnThread(() =>
            {
                SamplerAffinity.Pin(0, FirstCpuOf(allowed));
                return WaitFor(allowed);
            });
        }

        Assert.That(seen, Is.EqualTo(allowed));
    }

    [Test]
    public void AllCores_ThreadThatWasThereBefore_KeepsItsOwnAffinity()
    {
        var allowed = SamplerAffinity.Of(0);
        var first = FirstCpuOf(allowed);
        using var pinned = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        byte[]? before = null;
        var old = new Thread(() =>
        {
            SamplerAffinity.Pin(0, first);
            pinned.Set();
            release.Wait();
            before = SamplerAffinity.Of(0);
        });
        old.Start();
        pinned.Wait();

        byte[]? widened;
        using (SamplerAffinity.AllCores())
        {
            // A thread started inside, widened: the watcher has looked at every thread since the old one pinned itself.
            widened = OnThread(() =>
            {
                SamplerAffinity.Pin(0, first);
                return WaitFor(allowed);
            });
            release.Set();
            old.Join();
        }

        Assert.That(widened, Is.EqualTo(allowed));
        Assert.That(before, Is.EqualTo(first));
    }

    [Test]
    public void AllCores_ThreadStartedOnceTheScopeHasClosed_KeepsItsOwnAffinity()
    {
        var allowed = SamplerAffinity.Of(0);
        var first = FirstCpuOf(allowed);
        using (SamplerAffinity.AllCores())
        {
        }

        // The watcher has stopped (the scope's end waits for it): nothing widens the thread any more.
        var seen = OnThread(() =>
        {
            SamplerAffinity.Pin(0, first);
            Thread.Sleep(100);
            return SamplerAffinity.Of(0);
        });

        Assert.That(seen, Is.EqualTo(first));
    }

    [Test]
    public void AllCores_NestedAndOverlappingScopes_WidenUntilTheLastCloses()
    {
        var allowed = SamplerAffinity.Of(0);
        var first = FirstCpuOf(allowed);
        var outer = SamplerAffinity.AllCores();
        var inner = SamplerAffinity.AllCores();
        outer.Dispose();

        var seen = OnThread(() =>
        {
            SamplerAffinity.Pin(0, first);
            return WaitFor(allowed);
        });
        inner.Dispose();

        Assert.That(seen, Is.EqualTo(allowed));
    }

    private static byte[] OnThread(Func<byte[]> work)
    {
        byte[]? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException("The test's thread failed.", failure);
    }

    /// <summary>The calling thread's affinity once it is the one wanted, or as it is after <see cref="Patience"/>.</summary>
    private static byte[] WaitFor(byte[] wanted)
    {
        var clock = Stopwatch.StartNew();
        var mask = SamplerAffinity.Of(0);
        while (!mask.AsSpan().SequenceEqual(wanted) && clock.Elapsed < Patience)
        {
            Thread.Sleep(5);
            mask = SamplerAffinity.Of(0);
        }

        return mask;
    }

    /// <summary>A mask of the first CPU in <paramref name="allowed"/>: how LightLDA pins its sampler (to CPU 0).</summary>
    private static byte[] FirstCpuOf(byte[] allowed)
    {
        var mask = new byte[allowed.Length];
        var index = Array.FindIndex(allowed, b => b != 0);
        mask[index] = (byte)(allowed[index] & -allowed[index]);
        return mask;
    }
}
