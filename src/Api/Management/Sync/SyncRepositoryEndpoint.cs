using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Management.Jobs;
using ModelHub.Api.Registry;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Sync;

internal static class SyncRepositoryEndpoint
{
    public static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        SyncRequest request, RepositoryRegistry registry, JobSubmitter jobs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        errors.CheckRepoId(request.RepoId);
        errors.CheckOptionalRevision(request.Revision);
        var type = errors.CheckOptionalRepoType(request.RepoType);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The sync cannot start.");
        }

        var (repo, _, problem) = await registry.FindOrRegisterAsync(type, request.RepoId!, RepositoryRegistry.DefaultRevision, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(statusCode: problem!.Status, title: "The sync cannot start.", detail: problem.Detail);
        }

        var revision = request.Revision ?? repo.DefaultRevision;
        var job = await jobs.SubmitAsync(JobKind.Sync, new SyncPayload(repo.RepoId, revision, type.ToSnakeCase()), repo.Id, null, cancellationToken);
        return TypedResults.Accepted(GetJobEndpoint.PathOf(job.CorrelationId), JobResponse.From(job, repo.RepoType, repo.RepoId));
    }
}
