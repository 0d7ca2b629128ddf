namespace ModelHub.Jobs.Kinds;

/// <summary>The job an attempt's command runs, and which attempt it is (1, then +1 per retry).</summary>
public readonly record struct JobAttempt(Guid JobId, int Attempt);
