using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;

namespace ModelHub.Api.Jobs;

public sealed record JobResponse(
    Guid Id,
    JobKind Kind,
    string State,
    string? RepoId,
    Guid? RepositoryId,
    Guid? ArtifactId,
    int Attempts,
    string? Error,
    string? Summary,
    JobProgress Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static JobResponse From(JobState job, string? repoId) =>
        new(job.CorrelationId, job.Kind, (job.CurrentState ?? JobStateNames.Pending).ToLowerInvariant(), repoId, job.ModelRepoId, job.ModelArtifactId,
            job.Attempts, job.Error, job.Summary, JobProgress.Of(job), job.CreatedAt, job.DispatchedAt, job.StartedAt, job.FinishedAt);
}

public sealed record JobProgress(long BytesDone, long? BytesTotal, double? Percent)
{
    /// <summary>Bytes per second, while the job runs (live figures from the worker).</summary>
    public double? BytesPerSecond { get; init; }

    /// <summary>Seconds left at the current rate, while the job runs.</summary>
    public double? EtaSeconds { get; init; }

    public static JobProgress Of(JobState job) => Of(job.BytesDone, job.BytesTotal);

    public static JobProgress Live(LiveProgressFigures live) => Of(live.BytesDone, live.BytesTotal) with
    {
        BytesPerSecond = Math.Round(live.BytesPerSecond),
        EtaSeconds = live.BytesTotal is { } total && live.BytesPerSecond > 0 ? Math.Round((total - live.BytesDone) / live.BytesPerSecond, 1) : null,
    };

    private static JobProgress Of(long done, long? total) =>
        new(done, total, total is > 0 ? Math.Round(100.0 * done / total.Value, 1) : null);
}

internal sealed record JobPage(IReadOnlyList<JobResponse> Items, string? NextCursor);
