namespace ModelHub.Contracts.Jobs;

/// <summary>How far an attempt has got: bytes done so far (absolute, so a repeated report is harmless).</summary>
public sealed record JobProgressed(Guid JobId, int Attempt, long BytesDone)
{
    public long? BytesTotal { get; init; }
}
