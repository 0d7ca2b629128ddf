namespace ModelHub.Contracts.Jobs;

/// <summary>
/// How far an attempt has got: bytes done so far, and for work counted in items (files, blobs) the items
/// done (absolute figures, so a repeated report is harmless). Sent as the <c>FinalProgress</c> of a
/// <see cref="JobCompleted"/> or <see cref="JobFailed"/>; a service of the previous version publishes it on its own.
/// </summary>
public sealed record JobProgressed(Guid JobId, int Attempt, long BytesDone)
{
    public long? BytesTotal { get; init; }

    public long? ItemsDone { get; init; }

    public long? ItemsTotal { get; init; }

    /// <summary>What an item is: <c>files</c>, <c>blobs</c>.</summary>
    public string? ItemsUnit { get; init; }
}
