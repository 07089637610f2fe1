using System.Data.Common;

namespace Pipeline.Cli.Commands;

/// <summary>What a store failure says to the operator: the error with its causes, and what kind of failure it is.</summary>
public static class StoreFailure
{
    public static string Describe(Exception exception)
    {
        var causes = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var message = e.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !causes.Contains(message, StringComparer.Ordinal))
            {
                causes.Add(message);
            }
        }

        var text = string.Join(": ", causes);
        return exception is DbException db && IsConnectionLost(db)
            ? $"the connection to the store was lost (the server restarted, stopped or could not be reached): {text}"
            : text;
    }

    /// <summary>
    /// No space left: SQLite's SQLITE_FULL (13), or a write failing with ENOSPC (28; .NET also says ERROR_DISK_FULL, 112,
    /// when a file's preallocation fails), anywhere in the causes.
    /// </summary>
    public static bool IsDiskFull(Exception exception)
    {
        const int SqliteFull = 13, NoSpace = 28, DiskFull = 112, HandleDiskFull = 39;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull }
                || (e is IOException io && ((io.HResult & 0xFFFF) is NoSpace or DiskFull or HandleDiskFull
                    || io.Message.Contains("No space left on device", StringComparison.Ordinal)
                    || io.Message.Contains("the disk was full", StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A failure of the connection rather than of a statement: the server went away or cannot be reached.</summary>
    private static bool IsConnectionLost(DbException exception)
    {
        if (exception.SqlState is "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006")
        {
            return true;
        }

        for (Exception? e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
