using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Repositories;

internal static class GetRepositoryEndpoint
{
    /// <summary>Where a repository is read: what a registration's <c>Location</c> says.</summary>
    public static string PathOf(RepoType type, string repoId) => $"{ManagementApi.Prefix}/{type.Collection()}/{repoId}";

    public static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> HandleAsync(
        string collection, string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, CancellationToken cancellationToken)
    {
        var (type, repoId) = (RepoTypes.FromCollection(collection), $"{org}/{name}");
        var repo = await db.FindAsync(type, repoId, tracking: false, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Repository not found.",
                detail: $"No {type.ToSnakeCase()} '{repoId}' is registered. Register it with POST {ManagementApi.Prefix}/register.");
        }

        var artifacts = await summaries.GetAsync(db, repo.Id, cancellationToken);
        return TypedResults.Ok(RepositoryResponse.From(repo, artifacts));
    }
}
