namespace ModelHub.Contracts.Jobs;

/// <summary>An attempt of a job failed; <see cref="Error"/> says why, for people.</summary>
public sealed record JobFailed(Guid JobId, int Attempt, string Error)
{
    /// <summary>The items whose failure failed the job (a snapshot's files), when the work had many.</summary>
    public IReadOnlyList<FailedItem>? FailedItems { get; init; }
}
