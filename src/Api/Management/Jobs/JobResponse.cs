using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Records;

namespace ModelHub.Api.Management.Jobs;

public sealed record JobResponse(
    Guid Id,
    JobKind Kind,
    string State,
    RepoType? RepoType,
    string? RepoId,
    Guid? RepositoryId,
    Guid? ArtifactId,
    int Attempts,
    string? Error,
    string? Summary,
    JobProgressResponse Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>
    /// The items of the last attempt that failed while the others went on (a snapshot's files: path and why), the
    /// first thousand by path once the attempt is over; null when none failed.
    /// </summary>
    public IReadOnlyList<FailedItem>? FailedItems { get; init; }

    public static JobResponse From(JobState job, RepoType? repoType, string? repoId) =>
        new(job.CorrelationId, job.Kind, (job.CurrentState ?? JobStateNames.Pending).ToLowerInvariant(), repoType, repoId, job.RepositoryId, job.ModelArtifactId,
            job.Attempts, job.Error, job.Summary, JobProgressResponse.Of(job), job.CreatedAt, job.DispatchedAt, job.StartedAt, job.FinishedAt)
        {
            FailedItems = job.FailedItems is null ? null : JobFailedItems.Read(job.FailedItems),
        };
}
