using ModelHub.Jobs.Progress;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Counts a download's bytes (from several connections at once) and writes live progress at most every interval.</summary>
internal sealed class ProgressMeter(Guid jobId, long total, LiveProgress live, TimeProvider clock, TimeSpan interval)
{
    private readonly long _startedAt = clock.GetTimestamp();
    private long _done;
    private long _startBytes = -1;
    private long _lastWrite;

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Bytes already there before this attempt (a resumed part), which do not count towards the rate.</summary>
    public void Resume(long bytes)
    {
        Interlocked.Exchange(ref _done, bytes);
        Interlocked.Exchange(ref _startBytes, bytes);
    }

    public ValueTask AddAsync(long bytes)
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

    public Task WriteAsync()
    {
        var elapsed = clock.GetElapsedTime(_startedAt).TotalSeconds;
        var fetched = Done - Math.Max(0, Interlocked.Read(ref _startBytes));
        return live.WriteAsync(jobId, new LiveProgressFigures(Done, total, elapsed > 0 ? fetched / elapsed : 0, clock.GetUtcNow()));
    }
}
