using System.Diagnostics;

namespace ModelHub.Benchmarks.Snapshots;

/// <summary>
/// Where the snapshot benchmark's passes leave their files until the run is over, beside the store (so curl writes to
/// the disk the store is on). A pass's files are set aside, not deleted, before the next pass: a file system that has
/// just freed many inodes creates the next ones several times slower for a minute or two (seen on ext4: 60–130 µs a
/// file became 450–800 µs), which would slow whichever side came next. And before each timed pass the disk is synced,
/// so that neither side pays for writing back the other's files (curl leaves them in the page cache).
/// </summary>
internal sealed class ScratchSpace(string store) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store).TrimEnd('/'))!, $"bench-scratch-{Guid.NewGuid():N}");

    /// <summary>An empty folder for one curl pass.</summary>
    public string NewFolder() => Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Empties the store's blobs (each snapshot fetches every file) by moving them here.</summary>
    public void EmptyStore()
    {
        var blobs = Path.Combine(store, "blobs", "sha256");
        if (Directory.Exists(blobs))
        {
            Directory.Move(blobs, Path.Combine(Directory.CreateDirectory(_root).FullName, Guid.NewGuid().ToString("N")));
        }
    }

    /// <summary>Writes every dirty page to disk; returns the seconds it took.</summary>
    public static async Task<double> SyncAsync()
    {
        var clock = Stopwatch.StartNew();
        using var sync = Process.Start("sync") ?? throw new InvalidOperationException("sync did not start");
        await sync.WaitForExitAsync();
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
