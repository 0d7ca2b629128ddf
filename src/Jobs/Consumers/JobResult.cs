using ModelHub.Contracts.Jobs;

namespace ModelHub.Jobs.Consumers;

/// <summary>
/// What an attempt did: a line for people, the events to publish before the job ends, the items that failed
/// while the others went on, and whether the job failed for them (<see cref="Error"/>).
/// </summary>
public sealed record JobResult(string? Summary, IReadOnlyList<object> Events)
{
    /// <summary>Why the attempt failed although its work ran to the end; null when it completed.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<FailedItem> FailedItems { get; init; } = [];

    public static JobResult Completed(string? summary, params object[] events) => new(summary, events);

    /// <summary>The work ran to its end but some of it failed: the job fails with <paramref name="error"/>, its events still go out.</summary>
    public static JobResult Failed(string error, IReadOnlyList<FailedItem> failedItems, params object[] events) =>
        new(null, events) { Error = error, FailedItems = failedItems };
}
