namespace ModelHub.Contracts.Jobs;

/// <summary>One item of a job's work that failed while its siblings went on (a snapshot's file): which, and why.</summary>
public sealed record FailedItem(string Path, string Error);
