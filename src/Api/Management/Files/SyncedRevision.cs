using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Files;

/// <summary>A registered repository and the commit a revision of it was synced at.</summary>
internal sealed record SyncedRevision(ModelRepository Repository, string Commit)
{
    /// <summary>
    /// The registered repository of <paramref name="type"/> named <paramref name="repoId"/> and the synced commit <paramref name="revision"/>
    /// means, or the 404 problem that says which of the two is missing.
    /// </summary>
    public static async Task<(SyncedRevision? Synced, ProblemHttpResult? Problem)> FindAsync(
        ModelHubDbContext db, RepoType type, string repoId, string? revision, CancellationToken cancellationToken)
    {
        var repo = await db.FindAsync(type, repoId, tracking: false, cancellationToken);
        if (repo is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                detail: $"No {type.ToSnakeCase()} '{repoId}' is registered."));
        }

        return await RevisionResolver.ResolveAsync(db, repo, revision, cancellationToken) is { } commit
            ? (new SyncedRevision(repo, commit), null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Revision not synced.",
                detail: $"{repo.RepoId}@{revision ?? repo.DefaultRevision} has not been synced yet. Start a sync with POST {ManagementApi.Prefix}/sync."));
    }
}
