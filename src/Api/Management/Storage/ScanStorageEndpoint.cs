using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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

        Guid? repositoryId = null;
        // The rules let only a known type (or none: a model) through.
        var type = SnakeCaseEnums.TryParseSnakeCase<RepoType>(request.RepoType, out var named) ? named : RepoType.Model;
        if (request.RepoId is { } repoId)
        {
            repositoryId = await db.Repositories.Named(type, repoId).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(cancellationToken);
            if (repositoryId is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                    detail: $"No {type.ToSnakeCase()} '{repoId}' is registered.");
            }
        }

        var payload = new ScanPayload(request.Mode!)
        {
            RepoId = request.RepoId,
            RepoType = request.RepoId is null ? null : type.ToSnakeCase(),
            OlderThanDays = request.OlderThanDays,
            Repair = request.Repair ?? false,
            DeleteOrphans = request.DeleteOrphans ?? false,
            Path = request.Path,
            MaxBytes = request.MaxBytes,
        };
        var job = await jobs.SubmitAsync(JobKind.Scan, payload, repositoryId, null, cancellationToken);
        return TypedResults.Accepted(GetJobEndpoint.PathOf(job.CorrelationId), JobResponse.From(job, request.RepoId is null ? null : type, request.RepoId));
    }
}
