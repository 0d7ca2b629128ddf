namespace ModelHub.Contracts.Jobs;

/// <summary>Command to the job saga: stop a pending or running job.</summary>
public sealed record CancelJob(Guid JobId, string? Reason = null);
