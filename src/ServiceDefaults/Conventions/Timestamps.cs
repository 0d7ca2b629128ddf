namespace ModelHub.ServiceDefaults.Conventions;

public static class Timestamps
{
    /// <summary>
    /// Now, at PostgreSQL's precision (microseconds), so a value returned before it is saved is
    /// the same value every later read returns.
    /// </summary>
    public static DateTimeOffset GetUtcNowForDatabase(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
