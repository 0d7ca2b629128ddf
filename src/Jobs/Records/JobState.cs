using MassTransit;

namespace ModelHub.Jobs.Records;

/// <summary>
/// A sync, download, scan or snapshot job (table <c>job</c>): the job lifecycle saga's instance. The Api
/// inserts it as Pending when it accepts a job; the saga owns it from then on.
/// </summary>
public sealed class JobState : SagaStateMachineInstance
{
    /// <summary>A job accepted now, not yet announced: the row the job table keeps until the saga takes it.</summary>
    public static JobState NewPending(JobKind kind, string payload, Guid? repositoryId, Guid? artifactId, DateTimeOffset now) => new()
    {
        CorrelationId = NewId.NextGuid(),
        CurrentState = JobStateNames.Pending,
        Kind = kind,
        Payload = payload,
        RepositoryId = repositoryId,
        ModelArtifactId = artifactId,
        CreatedAt = now,
    };

    public Guid CorrelationId { get; set; }

    /// <summary>
    /// The saga state's name: Pending, Running, Completed, Failed or Cancelled. Null only on an
    /// instance the saga is creating (MassTransit's Initial state); never null in the table.
    /// </summary>
    public string? CurrentState { get; set; }

    public JobKind Kind { get; set; }

    /// <summary>The command's arguments as JSON (jsonb).</summary>
    public string Payload { get; set; } = "{}";

    public Guid? RepositoryId { get; set; }

    public Guid? ModelArtifactId { get; set; }

    /// <summary>1 for the first run, +1 for every retry.</summary>
    public int Attempts { get; set; } = 1;

    public string? Error { get; set; }

    /// <summary>What a finished attempt did, in a line for people (e.g. files synced, paths refused).</summary>
    public string? Summary { get; set; }

    /// <summary>
    /// The items of the last attempt that failed while their siblings went on (a snapshot's files), as a JSON array
    /// of <c>{"path", "error"}</c> (jsonb), at most <see cref="Lifecycle.JobFailedItems.MaxKept"/>; null when none did.
    /// </summary>
    public string? FailedItems { get; set; }

    /// <summary>How many items of the last attempt failed (all of them, even past those kept in <see cref="FailedItems"/>).</summary>
    public int ItemsFailed { get; set; }

    public long BytesDone { get; set; }

    public long? BytesTotal { get; set; }

    /// <summary>For work counted in items (<see cref="ItemsUnit"/>): how many are done.</summary>
    public long ItemsDone { get; set; }

    public long? ItemsTotal { get; set; }

    /// <summary>What an item is (<c>files</c>, <c>blobs</c>); null for a job that counts none.</summary>
    public string? ItemsUnit { get; set; }

    /// <summary>How many progress reports the saga applied (each exactly once).</summary>
    public int ProgressReports { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the saga sent the command to its service; null while that is still to do.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update of the row.</summary>
    public uint RowVersion { get; set; }
}
