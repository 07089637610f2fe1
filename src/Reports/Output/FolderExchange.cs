using System.Runtime.InteropServices;

namespace Pipeline.Reports.Output;

/// <summary>Two folders trading places in one step: Linux's <c>renameat2(…, RENAME_EXCHANGE)</c> (glibc 2.28, Linux 3.15).</summary>
internal static partial class FolderExchange
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    /// <summary>Swaps <paramref name="first"/> and <paramref name="second"/> (both must exist).</summary>
    /// <returns><c>false</c> where the system or its file system cannot (then nothing was moved); other failures throw.</returns>
    public static bool TryExchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            if (RenameAt2(AtCurrentDirectory, first, AtCurrentDirectory, second, RenameExchange) == 0)
            {
                return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }

        var error = Marshal.GetLastPInvokeError();
        const int NotSupported = 95, NoSuchCall = 38, Invalid = 22;
        return error is NotSupported or NoSuchCall or Invalid
            ? false
            : throw new IOException($"Could not swap '{first}' and '{second}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
