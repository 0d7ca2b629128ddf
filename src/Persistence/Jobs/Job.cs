namespace ModelHub.Persistence.Jobs;

/// <summary>
/// A sync, download or scan job (table <c>job</c>). The job lifecycle saga uses this row as its
/// instance, so the names follow MassTransit's (<c>CorrelationId</c>, <c>CurrentState</c>).
/// </summary>
public sealed class Job
{
    public Guid CorrelationId { get; set; }

    public JobKind Kind { get; set; }

    public string CurrentState { get; set; } = "Pending";

    /// <summary>The command's arguments as JSON (jsonb).</summary>
    public string Payload { get; set; } = "{}";

    public Guid? ModelRepoId { get; set; }

    public Guid? ModelArtifactId { get; set; }

    public int Attempts { get; set; }

    public string? Error { get; set; }

    public long BytesDone { get; set; }

    public long? BytesTotal { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update of the row.</summary>
    public uint RowVersion { get; set; }
}
