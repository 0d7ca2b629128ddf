namespace ModelHub.Upstream;

/// <summary>A body must send a byte at least every <see cref="Window"/>, and on average <see cref="MinBytesPerSecond"/> over it.</summary>
internal sealed record StallLimits(TimeSpan Window, long MinBytesPerSecond);
