using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Registry;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// <c>PUT /v1/hub/{models|datasets}/{org}/{name}/access</c>: an admin says who may read a repository, for an import
/// on an air-gapped site whose upstream cannot tell, or to be stricter than the upstream.
/// </summary>
internal static class SetAccessEndpoint
{
    public static async Task<Results<Ok<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string collection, string org, string name, SetAccessRequest request, ModelHubDbContext db, RepositorySummaryCache summaries,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Access is null || !SnakeCaseEnums.TryParseSnakeCase<RepositoryAccess>(request.Access, out var access))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["access"] = [$"access must be one of: {string.Join(", ", SnakeCaseEnums.SnakeCaseNames<RepositoryAccess>())}."] },
                title: "The access cannot be set.");
        }

        var type = RepoTypes.FromCollection(collection);
        var repo = await db.FindAsync(type, $"{org}/{name}", tracking: true, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                detail: $"No {type.ToSnakeCase()} '{org}/{name}' is registered.");
        }

        var now = clock.GetUtcNowForDatabase();
        repo.Access = access;
        repo.AccessSetByAdmin = access != RepositoryAccess.Unknown;
        repo.AccessCheckedAt = repo.AccessSetByAdmin ? now : null;
        repo.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RepositoryResponse.From(repo, await summaries.GetAsync(db, repo.Id, cancellationToken)));
    }
}
