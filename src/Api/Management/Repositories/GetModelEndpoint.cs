using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Management.Repositories;

internal static class GetModelEndpoint
{
    /// <summary>Where the repository <paramref name="repoId"/> is read: what a registration's <c>Location</c> says.</summary>
    public static string PathOf(string repoId) => $"{ManagementApi.Prefix}/models/{repoId}";

    public static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> HandleAsync(
        string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, CancellationToken cancellationToken)
    {
        var repoId = $"{org}/{name}";
        var repo = await db.Repositories.AsNoTracking().Named(RepoType.Model, repoId).SingleOrDefaultAsync(cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Repository not found.",
                detail: $"No repository '{repoId}' is registered. Register it with POST {ManagementApi.Prefix}/register.");
        }

        var artifacts = await summaries.GetAsync(db, repo.Id, cancellationToken);
        return TypedResults.Ok(RepositoryResponse.From(repo, artifacts));
    }
}
