using ModelHub.Ingest;
using ModelHub.ServiceDefaults.Caching;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Counts a download's bytes (from several connections at once) and writes live progress at most every interval.</summary>
internal sealed class ProgressMeter(Guid jobId, LiveProgress live, TimeProvider clock, TimeSpan interval) : IIngestObserver
{
    private readonly long _startedAt = clock.GetTimestamp();
    private long _done;
    private long _total = -1;
    private long _startBytes;
    private long _lastWrite;

    public void Opened(string partPath, long size, long keptBytes)
    {
        // Bytes already there before this attempt (a resumed part) do not count towards the rate.
        Interlocked.Exchange(ref _done, keptBytes);
        Interlocked.Exchange(ref _startBytes, keptBytes);
        Interlocked.Exchange(ref _total, size);
    }

    public ValueTask WroteAsync(int bytes)
    {
        Interlocked.Add(ref _done, bytes);
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastWrite);
        if (clock.GetElapsedTime(last, now) < interval || Interlocked.CompareExchange(ref _lastWrite, now, last) != last)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(WriteAsync());
    }

    /// <summary>The last figures of a fetch that began (a download found already stored has none).</summary>
    public Task FlushAsync() => Interlocked.Read(ref _total) < 0 ? Task.CompletedTask : WriteAsync();

    private Task WriteAsync()
    {
        var elapsed = clock.GetElapsedTime(_startedAt).TotalSeconds;
        var done = Interlocked.Read(ref _done);
        var fetched = done - Interlocked.Read(ref _startBytes);
        return live.WriteAsync(jobId, new LiveProgressFigures(done, Interlocked.Read(ref _total), elapsed > 0 ? fetched / elapsed : 0, clock.GetUtcNow()));
    }
}
