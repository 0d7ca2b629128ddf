using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Repositories;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Scans;

/// <summary>Pinning keeps a repository's stored files out of the quota's reach.</summary>
internal static class PinEndpoint
{
    public static Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> PinAsync(
        string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken) =>
        SetPinnedAsync($"{org}/{name}", true, db, summaries, clock, cancellationToken);

    public static Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> UnpinAsync(
        string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken) =>
        SetPinnedAsync($"{org}/{name}", false, db, summaries, clock, cancellationToken);

    private static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> SetPinnedAsync(
        string repoId, bool pinned, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.SingleOrDefaultAsync(r => r.RepoId == repoId, cancellationToken);
        if (repo is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                detail: $"No repository '{repoId}' is registered. Register it with POST /v1/hub/register.");
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
