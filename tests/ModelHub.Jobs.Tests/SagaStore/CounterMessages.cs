namespace ModelHub.Jobs.Tests.SagaStore;

public sealed record CounterOpened(Guid JobId);

public sealed record CounterBumped(Guid JobId);

/// <summary>Bumps every counter opened at or after a moment: correlated by a query, not by id.</summary>
public sealed record CountersBumpedSince(DateTimeOffset OpenedAt);

/// <summary>Adds 1000, writes it in the saga's transaction, then fails for good.</summary>
public sealed record CounterBroken(Guid JobId);

/// <summary>Adds 1000, writes it in the saga's transaction, then fails once with a retryable error.</summary>
public sealed record CounterStumbled(Guid JobId);

public sealed record CounterClosed(Guid JobId);
