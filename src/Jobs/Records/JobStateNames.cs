namespace ModelHub.Jobs.Records;

/// <summary>The saga's state names as stored in <c>job.current_state</c>.</summary>
public static class JobStateNames
{
    public const string Pending = nameof(Pending);
    public const string Running = nameof(Running);
    public const string Completed = nameof(Completed);
    public const string Failed = nameof(Failed);
    public const string Cancelled = nameof(Cancelled);

    public static readonly IReadOnlyList<string> All = [Pending, Running, Completed, Failed, Cancelled];

    public static bool IsFinished(string? state) => state is Completed or Failed or Cancelled;
}
