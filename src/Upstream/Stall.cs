namespace ModelHub.Upstream;

/// <summary>What a stalled body sent: <see cref="Bytes"/> in the last <see cref="Over"/> of waiting.</summary>
internal sealed record Stall(long Bytes, TimeSpan Over, StallLimits Limits);
