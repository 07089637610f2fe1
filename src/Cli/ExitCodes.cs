namespace Pipeline.Cli;

/// <summary>Process exit codes. A run that completed is 0 even when items were quarantined.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug): the message and stack trace are printed.</summary>
    public const int Failure = 1;

    /// <summary>Bad configuration or arguments: the message names the key or argument to fix.</summary>
    public const int Configuration = 2;

    /// <summary>The store could not be opened or written.</summary>
    public const int Store = 3;

    /// <summary>The report was written but could not be mailed (the SMTP server refused or could not be reached).</summary>
    public const int Delivery = 4;

    /// <summary>The disk the store, a report or an export is written to is full: nothing was left half-written.</summary>
    public const int DiskFull = 5;

    /// <summary><c>health</c> found a check failing (the store unreachable included); each failing check says why.</summary>
    public const int Unhealthy = 6;

    public const int Cancelled = 130;
}
