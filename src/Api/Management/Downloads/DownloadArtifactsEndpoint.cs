using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Management.Jobs;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.Api.Management.Downloads;

internal static class DownloadArtifactsEndpoint
{
    public const int MaxArtifacts = 1000;

    public static async Task<Results<Accepted<DownloadAccepted>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        DownloadRequest request, ModelHubDbContext db, JobSubmitter jobs, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        var type = errors.CheckOptionalRepoType(request.RepoType);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The download request is not valid.");
        }

        if (request.ArtifactIds is null)
        {
            return await SnapshotSubmission.SubmitAsync(db, jobs, type, request, cancellationToken);
        }

        var selection = await ByIdsAsync(db, request.ArtifactIds, cancellationToken);
        if (selection.Problem is { } problem)
        {
            return problem;
        }

        var submitted = await jobs.SubmitManyAsync(JobKind.Download,
            selection.Artifacts.Select(a => (Payload: (object)new DownloadPayload(a.Id), RepositoryId: (Guid?)a.RepositoryId, ArtifactId: (Guid?)a.Id)).ToList(),
            cancellationToken);
        var repositories = await db.Repositories.AsNoTracking().Where(r => selection.Artifacts.Select(a => a.RepositoryId).Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var responses = submitted.Select(j => repositories.GetValueOrDefault(j.RepositoryId ?? Guid.Empty) is { } repo
            ? JobResponse.From(j, repo.RepoType, repo.RepoId)
            : JobResponse.From(j, null, null)).ToList();
        return TypedResults.Accepted(ListJobsEndpoint.PathOf(JobKind.Download), new DownloadAccepted(responses));
    }

    private static Dictionary<string, string[]> Validate(DownloadRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if ((request.ArtifactIds is null) == (request.RepoId is null))
        {
            errors["artifact_ids"] = ["Give either artifact_ids, or repo_id (with revision, include and exclude if you like), not both."];
            return errors;
        }

        if (request.ArtifactIds is { } ids && ids.Length is 0 or > MaxArtifacts)
        {
            errors["artifact_ids"] = [$"artifact_ids must hold 1 to {MaxArtifacts} ids (got {ids.Length})."];
        }

        errors.CheckOptionalRepoId(request.RepoId);
        errors.CheckOptionalRevision(request.Revision);

        errors.CheckOptionalPatterns("include", request.Include);
        errors.CheckOptionalPatterns("exclude", request.Exclude);

        return errors;
    }

    private static async Task<Selection> ByIdsAsync(ModelHubDbContext db, Guid[] ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var found = await db.Artifacts.AsNoTracking().Where(a => wanted.Contains(a.Id)).ToListAsync(cancellationToken);
        var unknown = wanted.Except(found.Select(a => a.Id)).ToList();
        return unknown.Count == 0
            ? new Selection(found, null)
            : new Selection([], ListedProblem.Of(StatusCodes.Status404NotFound, "Unknown artifacts.",
                $"{unknown.Count} of the artifact ids are not known; nothing was queued.", "unknown_ids", unknown));
    }

    private sealed record Selection(List<ModelArtifact> Artifacts, ProblemHttpResult? Problem);
}
