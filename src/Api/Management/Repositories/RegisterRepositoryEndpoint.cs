using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Registry;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Repositories;

internal static class RegisterRepositoryEndpoint
{
    public static async Task<Results<Created<RepositoryResponse>, Ok<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterRepositoryRequest request, RepositoryRegistry registry, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        errors.CheckRepoId(request.RepoId);
        errors.CheckOptionalRevision(request.Revision);
        var type = errors.CheckOptionalRepoType(request.RepoType);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The repository cannot be registered.");
        }

        var revision = request.Revision ?? RepositoryRegistry.DefaultRevision;
        var (repo, created, problem) = await registry.FindOrRegisterAsync(type, request.RepoId!, revision, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(statusCode: problem!.Status, title: "The repository cannot be registered.", detail: problem.Detail);
        }

        // A legacy, former or mis-cased id is registered under the name the upstream gives it now: the body says which.
        if (created)
        {
            return TypedResults.Created(GetRepositoryEndpoint.PathOf(repo.RepoType, repo.RepoId), RepositoryResponse.From(repo, ArtifactSummary.Empty));
        }

        if (repo.DefaultRevision != revision)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The repository is registered with another revision.",
                detail: $"{repo.RepoId} is registered with default revision '{repo.DefaultRevision}', not '{revision}'. "
                    + "Register it again without 'revision' (or with that one) to get it.");
        }

        // Registration is idempotent: the same request again returns what is there.
        var artifacts = await ArtifactSummaries.LoadAsync(db, repo.Id, cancellationToken);
        return TypedResults.Ok(RepositoryResponse.From(repo, artifacts));
    }
}
