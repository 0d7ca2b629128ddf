namespace ModelHub.Jobs.Consumers;

/// <summary>What an attempt did: a line for people, and the events to publish before the job completes.</summary>
public sealed record JobResult(string? Summary, IReadOnlyList<object> Events)
{
    public static JobResult Completed(string? summary, params object[] events) => new(summary, events);
}
