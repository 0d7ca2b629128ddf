using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ModelHub.Storage;

/// <summary>
/// Starts writing a finished range of a file to disk without waiting for it, so the fsync before a
/// blob enters the store has little left to do. Without it the kernel keeps gigabytes of a download
/// dirty in the page cache and the final fsync writes them all while the job waits.
/// .NET has no API for this, so Linux's sync_file_range(2) is called directly; elsewhere it does nothing.
/// </summary>
public static partial class WriteBack
{
    private const uint SyncFileRangeWrite = 2;

    public static void Start(SafeFileHandle file, long offset, long count)
    {
        if (!OperatingSystem.IsLinux() || count <= 0)
        {
            return;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            // Advisory: a failure (a file system without it) leaves the work to the fsync.
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);
}
