namespace ModelHub.Contracts.Jobs;

/// <summary>An attempt of a job finished its work.</summary>
public sealed record JobCompleted(Guid JobId, int Attempt);
