namespace ModelHub.Contracts.Jobs;

/// <summary>An attempt of a job failed; <see cref="Error"/> says why, for people.</summary>
public sealed record JobFailed(Guid JobId, int Attempt, string Error)
{
    /// <summary>The items whose failure failed the job (a snapshot's files), when the work had many.</summary>
    public IReadOnlyList<FailedItem>? FailedItems { get; init; }

    /// <summary>The attempt's last figures (see <see cref="JobCompleted.FinalProgress"/>); null when the work reported none.</summary>
    public JobProgressed? FinalProgress { get; init; }
}
