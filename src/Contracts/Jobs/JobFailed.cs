namespace ModelHub.Contracts.Jobs;

/// <summary>An attempt of a job failed; <see cref="Error"/> says why, for people.</summary>
public sealed record JobFailed(Guid JobId, int Attempt, string Error);
