namespace ModelHub.Jobs.Tests.Consumers;

/// <summary>The command of a job kind that exists only here: what its work does is the test's to choose.</summary>
public sealed record FakeWork(Guid JobId, int Attempt, string Behaviour);

/// <summary>The event the fake work publishes when it is done.</summary>
public sealed record FakeWorkDone(Guid JobId);
