namespace ModelHub.Contracts.Jobs;

/// <summary>A service began work on an attempt of a job.</summary>
public sealed record JobStarted(Guid JobId, int Attempt);
