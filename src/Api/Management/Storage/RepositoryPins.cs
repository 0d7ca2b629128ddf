using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Repositories;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Storage;

/// <summary>Pinning keeps a repository's stored files out of the quota's reach.</summary>
internal static class RepositoryPins
{
    public static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> SetAsync(
        RepoType type, string repoId, bool pinned, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var repo = await db.FindAsync(type, repoId, tracking: true, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                detail: $"No {type.ToSnakeCase()} '{repoId}' is registered. Register it with POST {ManagementApi.Prefix}/register.");
        }

        if (repo.Pinned != pinned)
        {
            repo.Pinned = pinned;
            repo.UpdatedAt = clock.GetUtcNowForDatabase();
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(RepositoryResponse.From(repo, await summaries.GetAsync(db, repo.Id, cancellationToken)));
    }
}
