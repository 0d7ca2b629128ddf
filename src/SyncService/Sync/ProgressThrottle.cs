namespace ModelHub.SyncService.Sync;

/// <summary>Lets a progress report through at most once per interval (and always the last one).</summary>
internal sealed class ProgressThrottle(TimeSpan interval)
{
    private long _lastTicks;

    public bool ShouldReport(bool isLast)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastTicks);
        return isLast || (now - last >= interval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastTicks, now, last) == last);
    }
}
