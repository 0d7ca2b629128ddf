using System.Diagnostics;

namespace ModelHub.Upstream;

/// <summary>
/// A download body that fails with <see cref="HubError.Stalled"/> when the upstream stops sending
/// (a read waits longer than the window) or trickles (fewer than the minimum rate's bytes over the
/// last window). A total timeout would cut multi-GB files; a body that never ends must not hang a job.
/// Only time spent waiting in reads counts, so a slow reader never blames the upstream.
/// Every file byte from the upstream passes here, so here they are counted for the metrics.
/// </summary>
internal sealed class StallGuardStream(Stream inner, StallLimits limits, HubErrors errors, HubTarget target) : ReadOnlyWrapperStream(inner)
{
    // (time waited, bytes received) about every eighth of a window: the rate over the last window is read
    // from _oldest, the newest mark at least a window old; _marks holds the younger ones, oldest first.
    private readonly Queue<(TimeSpan Waited, long Bytes)> _marks = new();
    private (TimeSpan Waited, long Bytes) _oldest;
    private TimeSpan _newestWaited;
    private TimeSpan _waited;
    private long _received;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(limits.Window);
        var started = Stopwatch.GetTimestamp();
        int read;
        try
        {
            read = await Inner.ReadAsync(buffer, idle.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException
            && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw errors.Stalled(target, new Stall(0, limits.Window, limits), ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own words ("The response ended prematurely…") name neither the upstream nor the file.
            throw errors.BrokenOff(target, _received, ex);
        }
        finally
        {
            _waited += Stopwatch.GetElapsedTime(started);
        }

        UpstreamTelemetry.RecordBytesDownloaded(read, target.Repo.Type);
        _received += read;
        if (read > 0)
        {
            CheckRate();
        }

        return read;
    }

    // Synchronous reads cannot be bounded without blocking on async; the services read asynchronously.
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = Inner.Read(buffer, offset, count);
        UpstreamTelemetry.RecordBytesDownloaded(read, target.Repo.Type);
        return read;
    }

    private void CheckRate()
    {
        if (_waited - _newestWaited >= limits.Window / 8)
        {
            _marks.Enqueue((_waited, _received));
            _newestWaited = _waited;
        }

        while (_marks.Count > 0 && _waited - _marks.Peek().Waited >= limits.Window)
        {
            _oldest = _marks.Dequeue();
        }

        var (since, bytesThen) = _oldest;
        var span = _waited - since;
        var bytes = _received - bytesThen;
        if (limits.MinBytesPerSecond > 0 && span >= limits.Window && bytes < limits.MinBytesPerSecond * span.TotalSeconds)
        {
            throw errors.Stalled(target, new Stall(bytes, span, limits), null);
        }
    }

}
