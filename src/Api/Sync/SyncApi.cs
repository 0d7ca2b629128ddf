using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Jobs;
using ModelHub.Api.Repositories;
using ModelHub.Api.Security;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;

namespace ModelHub.Api.Sync;

internal sealed record SyncRequest(string? RepoId, string? Revision);

internal static class SyncApi
{
    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/hub/sync", HandleAsync)
            .RequireAdminKey()
            .WithTags("Sync")
            .WithName("SyncRepository")
            .WithSummary("Starts a metadata sync of a repository (registering it first if needed); answers with the job.");
        return routes;
    }

    private static async Task<Results<Accepted<JobResponse>, ValidationProblem>> HandleAsync(
        SyncRequest request, RepositoryRegistry registry, JobSubmitter jobs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        errors.CheckRepoId(request.RepoId);
        errors.CheckOptionalRevision(request.Revision);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The sync cannot start.");
        }

        var (repo, _) = await registry.FindOrRegisterAsync(request.RepoId!, RegisterRepositoryEndpoint.DefaultRevision, cancellationToken);
        var revision = request.Revision ?? repo.DefaultRevision;
        var job = await jobs.SubmitAsync(JobKind.Sync, new SyncPayload(repo.RepoId, revision), repo.Id, null, cancellationToken);
        return TypedResults.Accepted(JobsApi.LocationOf(job.CorrelationId), JobResponse.From(job, repo.RepoId));
    }
}
