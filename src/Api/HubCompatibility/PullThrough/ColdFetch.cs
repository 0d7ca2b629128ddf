using ModelHub.Ingest;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.PullThrough;

/// <summary>
/// One upstream fetch of bytes ModelHub lacks, growing in <c>temp/</c> while any number of requests
/// read it. <see cref="Opened"/> completes when the upstream answered (or says why not);
/// <see cref="IsVerified"/> turns true when every byte is there and verified; <see cref="Stored"/> completes
/// when they are also on disk and in the store (or says why not).
/// </summary>
internal sealed class ColdFetch(string key, long size, TimeProvider clock) : IIngestObserver
{
    // Readers are woken once per this many bytes written, every interval while bytes arrive slower than that, and at
    // the end; not per chunk the upstream sends: sixteen readers woken for every 64 KiB took enough CPU from the fetch
    // they follow to slow it.
    private const long SignalBytes = 256 * 1024;
    private static readonly TimeSpan SignalInterval = TimeSpan.FromMilliseconds(100);

    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<StoredBlob> _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;
    private long _signalledAt;
    private int _verified;
    private ITimer? _catchUp;

    public string Key { get; } = key;

    public long Size { get; } = size;

    /// <summary>The growing file the readers follow, once <see cref="Opened"/> has completed.</summary>
    public string? PartPath { get; private set; }

    public Task Opened => _opened.Task;

    public Task<StoredBlob> Stored => _stored.Task;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>
    /// The bytes in the partial file are complete and verified: a reader may send them all, even when the move into the
    /// store that follows fails (its open handle still reads them).
    /// </summary>
    public bool IsVerified => Volatile.Read(ref _verified) == 1 || Stored.IsCompletedSuccessfully;

    /// <summary>
    /// How far a reader may send: everything once verified; until then all that arrived but the last
    /// byte, so that a client never receives a complete body of bytes that fail verification. The clients need
    /// not wait for the blob's sync to disk, which for gigabytes takes seconds.
    /// </summary>
    public long Sendable => IsVerified ? Size : Math.Min(Written, Size - 1);

    /// <summary>Completes at the next write, or when the fetch ends.</summary>
    public Task Progress => Volatile.Read(ref _progress).Task;

    void IIngestObserver.Opened(string partPath, long size, long keptBytes)
    {
        PartPath = partPath;
        Interlocked.Exchange(ref _written, keptBytes);
        Interlocked.Exchange(ref _signalledAt, keptBytes);
        // Bytes that arrive just before the upstream falls silent must still reach the readers, within one interval:
        // a wake-up that waited for the next write would hold them back for as long as the silence lasts.
        _catchUp ??= clock.CreateTimer(static state => ((ColdFetch)state!).CatchUp(), this, SignalInterval, SignalInterval);
        _opened.TrySetResult();
        Signal();
    }

    ValueTask IIngestObserver.WroteAsync(int bytes)
    {
        // One writer (the fetch, which holds the blob's lock) calls this, in file order.
        var written = Interlocked.Add(ref _written, bytes);
        if (written - Interlocked.Read(ref _signalledAt) >= SignalBytes || written >= Size)
        {
            SignalUpTo(written);
        }

        return ValueTask.CompletedTask;
    }

    void IIngestObserver.Verified()
    {
        Volatile.Write(ref _verified, 1);
        Signal();
    }

    public void Succeed(StoredBlob blob)
    {
        // Stored first: a reader woken by Opened must find the blob, not a part file that was never opened.
        _stored.TrySetResult(blob);
        _opened.TrySetResult();
        _catchUp?.Dispose();
        Signal();
    }

    public void Fail(Exception error)
    {
        _catchUp?.Dispose();
        _opened.TrySetException(error);
        _stored.TrySetException(error);
        // Observed here so an unread failure does not surface as an unobserved task exception.
        _ = _opened.Task.Exception;
        _ = _stored.Task.Exception;
        Signal();
    }

    private void CatchUp()
    {
        var written = Interlocked.Read(ref _written);
        if (written > Interlocked.Read(ref _signalledAt))
        {
            SignalUpTo(written);
        }
    }

    // The writer and the catch-up timer may both signal the same bytes: a reader woken twice finds nothing new once.
    private void SignalUpTo(long written)
    {
        Interlocked.Exchange(ref _signalledAt, written);
        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
