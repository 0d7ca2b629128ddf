namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>A message a test service sends to its own queue to learn that the messages before it are consumed (see <see cref="BusHost.CatchUpAsync"/>).</summary>
public sealed record QueueMark(Guid Id);
