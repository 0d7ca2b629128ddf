using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// The blob files the Api keeps open between requests. A small read (a client's 1-byte probe, a config file) paid more
/// for opening the file (the open, .NET's two <c>flock</c>s for its sharing mode, the close) than for reading it. Each
/// request still asks the file system, with one <c>statx</c>, which file the blob's path names, and reads a kept handle
/// only while it is that file: a blob evicted, quarantined or replaced since is never read through one. A handle not
/// used for <see cref="IdleFor"/> is closed, so a deleted blob's space is held that long at most after its last read.
/// </summary>
internal sealed class OpenBlobs : IDisposable
{
    /// <summary>At most this many are kept; a blob asked for beyond them is opened and closed by its request, as before.</summary>
    public const int MaxKept = 256;

    public static readonly TimeSpan IdleFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, KeptBlob> _kept = new(StringComparer.Ordinal);
    private readonly BlobStore _store;
    private readonly TimeProvider _clock;
    private readonly ITimer _sweep;

    // The dictionary's Count takes all its locks: a blob asked for past capacity (a dataset's files read once each)
    // would pay for that on every request.
    private int _keptCount;

    public OpenBlobs(BlobStore store, TimeProvider clock)
    {
        (_store, _clock) = (store, clock);
        _sweep = clock.CreateTimer(static state => ((OpenBlobs)state!).CloseIdle(), this, IdleFor, IdleFor);
    }

    public int KeptCount => Volatile.Read(ref _keptCount);

    /// <summary>An open handle of the blob named <paramref name="sha256"/>, or null when the store does not hold it.</summary>
    public BlobLease? Open(string sha256)
    {
        _kept.TryGetValue(sha256, out var kept);
        var path = kept?.Path ?? _store.BlobPath(sha256);
        if (!FileIdentity.TryOf(path, out var identity))
        {
            Forget(sha256);
            return null;
        }

        var now = _clock.GetTimestamp();
        if (kept is not null && kept.Identity == identity && BlobLease.Borrow(kept.Handle) is { } borrowed)
        {
            kept.LastUsed = now;
            return borrowed;
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Forget(sha256);
            return null;
        }

        if (kept is null && KeptCount >= MaxKept)
        {
            return BlobLease.Own(handle);
        }

        // The identity was read before the open: if another file took the path in between, the next request finds
        // them different and opens the path again. Every file ever at a blob's path holds the same verified bytes.
        var lease = BlobLease.Borrow(handle)!;
        Keep(sha256, new KeptBlob(handle, path, identity) { LastUsed = now });
        return lease;
    }

    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var sha256 in _kept.Keys)
        {
            Forget(sha256);
        }
    }

    /// <summary>Keeps <paramref name="fresh"/> in place of what is kept for the blob; the one that replaces a handle closes it.</summary>
    private void Keep(string sha256, KeptBlob fresh)
    {
        while (true)
        {
            if (_kept.TryGetValue(sha256, out var current))
            {
                if (_kept.TryUpdate(sha256, fresh, current))
                {
                    current.Handle.Dispose();
                    return;
                }
            }
            else if (_kept.TryAdd(sha256, fresh))
            {
                Interlocked.Increment(ref _keptCount);
                return;
            }
        }
    }

    private void CloseIdle()
    {
        var now = _clock.GetTimestamp();
        foreach (var (sha256, kept) in _kept)
        {
            if (_clock.GetElapsedTime(kept.LastUsed, now) >= IdleFor && _kept.TryRemove(new(sha256, kept)))
            {
                Interlocked.Decrement(ref _keptCount);
                kept.Handle.Dispose();
            }
        }
    }

    private void Forget(string sha256)
    {
        if (_kept.TryRemove(sha256, out var kept))
        {
            Interlocked.Decrement(ref _keptCount);
            kept.Handle.Dispose();
        }
    }

    /// <summary>A kept handle and the identity of the file it has open. Closing it waits for the leases still out.</summary>
    private sealed class KeptBlob(SafeFileHandle handle, string path, FileIdentity identity)
    {
        public SafeFileHandle Handle { get; } = handle;

        /// <summary>The blob's path, kept so that a request for a kept blob builds none.</summary>
        public string Path { get; } = path;

        public FileIdentity Identity { get; } = identity;

        public long LastUsed { get; set; }
    }
}
