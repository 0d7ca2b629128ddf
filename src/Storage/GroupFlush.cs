using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ModelHub.Storage;

/// <summary>
/// Makes written files durable together: one sync of their file system for every writer waiting when it starts (a group
/// commit), instead of an fsync each. A small file's fsync costs a data write and a journal commit of its own, several
/// times what writing it cost; many files written meanwhile go to disk in one merged pass. While a sync runs, the
/// writers that arrive wait for the next, which covers them all. Linux only (syncfs(2), which .NET does not offer, so it
/// is called directly); elsewhere, and when a sync fails, each writer flushes its own file and meets its own error.
/// </summary>
public sealed partial class GroupFlush
{
    private readonly Func<SafeFileHandle, bool> _syncFileSystem;
    private readonly Lock _gate = new();
    private Round? _waiting;
    private bool _syncing;

    public GroupFlush()
        : this(OperatingSystem.IsLinux() ? SyncFileSystemOf : null)
    {
    }

    /// <param name="syncFileSystem">Syncs the file system holding the file, true when it did; null: flush each file alone.</param>
    internal GroupFlush(Func<SafeFileHandle, bool>? syncFileSystem) =>
        _syncFileSystem = syncFileSystem ?? (_ => false);

    /// <summary>Returns once <paramref name="file"/>'s written bytes are on disk. The handle must stay open until then.</summary>
    public async Task FlushAsync(SafeFileHandle file)
    {
        Round round;
        var lead = false;
        lock (_gate)
        {
            round = _waiting ??= new Round(file);
            if (!_syncing)
            {
                (_syncing, _waiting, lead) = (true, null, true);
            }
        }

        if (lead)
        {
            // The sync blocks a thread for its duration: not the caller's, which may be an I/O completion's.
            _ = Task.Run(() => RunFrom(round));
        }

        if (!await round.Synced.Task)
        {
            RandomAccess.FlushToDisk(file);
        }
    }

    private void RunFrom(Round? round)
    {
        while (round is not null)
        {
            bool synced;
            try
            {
                synced = _syncFileSystem(round.AnyFile);
            }
            catch (Exception)
            {
                synced = false;
            }

            round.Synced.SetResult(synced);
            lock (_gate)
            {
                (round, _waiting) = (_waiting, null);
                _syncing = round is not null;
            }
        }
    }

    private static bool SyncFileSystemOf(SafeFileHandle file)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return SyncFs((int)file.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    /// <summary>The writers one sync covers; the first one's file names the file system (they all write to the store's <c>temp/</c>).</summary>
    private sealed class Round(SafeFileHandle anyFile)
    {
        public SafeFileHandle AnyFile { get; } = anyFile;

        /// <summary>True once synced; false: each writer flushes its own file.</summary>
        public TaskCompletionSource<bool> Synced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
