namespace ModelHub.Contracts.Jobs;

/// <summary>An attempt of a job finished its work.</summary>
public sealed record JobCompleted(Guid JobId, int Attempt)
{
    /// <summary>What was done, in a line for people (e.g. "synced 42 files at 39d5…; refused 1 path").</summary>
    public string? Summary { get; init; }

    /// <summary>Items that failed without failing the job; none for a job whose work is one piece.</summary>
    public IReadOnlyList<FailedItem>? FailedItems { get; init; }

    /// <summary>
    /// The attempt's last figures, carried by the completion itself so that a job is never seen completed without them
    /// (a separate report could be taken after it); null when the work reported none.
    /// </summary>
    public JobProgressed? FinalProgress { get; init; }
}
