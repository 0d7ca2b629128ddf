using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Jobs;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Storage;

internal static class ScanStorageEndpoint
{
    public static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ScanRequest request, ModelHubDbContext db, JobSubmitter jobs, CancellationToken cancellationToken)
    {
        var errors = ScanRequestRules.Check(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The scan cannot start.");
        }

        ModelRepository? repo = null;
        // The rules let only a known type (or none: a model) through.
        var type = SnakeCaseEnums.TryParseSnakeCase<RepoType>(request.RepoType, out var named) ? named : RepoType.Model;
        if (request.RepoId is { } repoId)
        {
            repo = await db.FindAsync(type, repoId, tracking: false, cancellationToken);
            if (repo is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                    detail: $"No {type.ToSnakeCase()} '{repoId}' is registered.");
            }
        }

        var payload = new ScanPayload(request.Mode!)
        {
            RepoId = repo?.RepoId,
            RepoType = repo is null ? null : type.ToSnakeCase(),
            OlderThanDays = request.OlderThanDays,
            Repair = request.Repair ?? false,
            DeleteOrphans = request.DeleteOrphans ?? false,
            Path = request.Path,
            MaxBytes = request.MaxBytes,
        };
        var job = await jobs.SubmitAsync(JobKind.Scan, payload, repo?.Id, null, cancellationToken);
        return TypedResults.Accepted(GetJobEndpoint.PathOf(job.CorrelationId), JobResponse.From(job, repo?.RepoType, repo?.RepoId));
    }
}
