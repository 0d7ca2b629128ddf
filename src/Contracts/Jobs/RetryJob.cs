namespace ModelHub.Contracts.Jobs;

/// <summary>Command to the job saga: run a failed or cancelled job again, as a new attempt.</summary>
public sealed record RetryJob(Guid JobId);
