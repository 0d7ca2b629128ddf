namespace ModelHub.Contracts.Jobs;

/// <summary>A job was cancelled: a service still working on it should stop.</summary>
public sealed record JobCancelled(Guid JobId);
