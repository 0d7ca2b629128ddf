namespace ModelHub.Jobs.Progress;

/// <summary>
/// A running job's figures, refreshed often: bytes done and their total, bytes per second; and for work
/// counted in items (files, blobs), items done, their total and unit, items per second.
/// </summary>
public sealed record LiveProgressFigures(long BytesDone, long? BytesTotal, double BytesPerSecond, DateTimeOffset UpdatedAt)
{
    public long ItemsDone { get; init; }

    public long? ItemsTotal { get; init; }

    /// <summary>What an item is (<c>files</c>, <c>blobs</c>); null when the job counts no items.</summary>
    public string? ItemsUnit { get; init; }

    public double ItemsPerSecond { get; init; }

    /// <summary>Items that failed while the others went on (a snapshot's files).</summary>
    public long ItemsFailed { get; init; }
}
