using ModelHub.Persistence.Jobs;

namespace ModelHub.Api.Jobs;

internal sealed record JobResponse(
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

internal sealed record JobProgress(long BytesDone, long? BytesTotal, double? Percent)
{
    public static JobProgress Of(JobState job) =>
        new(job.BytesDone, job.BytesTotal,
            job.BytesTotal is > 0 and var total ? Math.Round(100.0 * job.BytesDone / total, 1) : null);
}

internal sealed record JobPage(IReadOnlyList<JobResponse> Items, string? NextCursor);
