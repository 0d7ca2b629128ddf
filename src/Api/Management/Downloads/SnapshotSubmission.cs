using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Management.Files;
using ModelHub.Api.Management.Jobs;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Downloads;

/// <summary>
/// The snapshot form of <c>POST /v1/hub/download</c>: a repository at a synced revision, maybe filtered, as one
/// job, its commit pinned now (a branch that moves later does not move the job). Every include pattern must
/// match a file, and the selection must not be empty.
/// </summary>
internal static class SnapshotSubmission
{
    public static async Task<Results<Accepted<DownloadAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        ModelHubDbContext db, JobSubmitter jobs, RepoType type, DownloadRequest request, CancellationToken cancellationToken)
    {
        var (synced, problem) = await SyncedRevision.FindAsync(db, type, request.RepoId!, request.Revision, cancellationToken);
        if (synced is not { Repository: var repo, Commit: var commit })
        {
            return problem!;
        }

        string[] include = request.Include ?? [], exclude = request.Exclude ?? [];
        var paths = await db.Artifacts.AsNoTracking().Where(a => a.RepositoryId == repo.Id && a.Commit == commit).Select(a => a.Path).ToListAsync(cancellationToken);
        if (PatternSelection.Of(paths, include, exclude, repo.RepoId, commit, "download", "nothing was queued").Refused is { } refused)
        {
            return refused;
        }

        var payload = new SnapshotPayload(repo.Id, type.ToSnakeCase(), repo.RepoId, request.Revision ?? repo.DefaultRevision, commit)
        {
            Include = include,
            Exclude = exclude,
        };
        var job = await jobs.SubmitAsync(JobKind.Snapshot, payload, repo.Id, null, cancellationToken);
        return TypedResults.Accepted(GetJobEndpoint.PathOf(job.CorrelationId), new DownloadAccepted([JobResponse.From(job, repo.RepoType, repo.RepoId)]));
    }
}
