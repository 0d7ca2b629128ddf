namespace ModelHub.Jobs.Progress;

/// <summary>A running job's figures, refreshed often: bytes done and total, bytes per second.</summary>
public sealed record LiveProgressFigures(long BytesDone, long? BytesTotal, double BytesPerSecond, DateTimeOffset UpdatedAt);
