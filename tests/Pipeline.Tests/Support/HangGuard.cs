namespace Pipeline.Tests.Support;

/// <summary>
/// How long a test waits for a process, a browser or a peer before it calls it hung. Never a measure of speed: a busy
/// machine (CI on two cores, the suite's own PostgreSQL and Chromium beside it) must not fail a test, so the limit is
/// far above anything a working step takes there, and only stops a hang from eating CI's 90 minutes.
/// </summary>
public static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);
}
