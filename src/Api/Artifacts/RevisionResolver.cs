using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Artifacts;

/// <summary>Which synced commit a revision means: the last synced commit by default, a pinned revision, or a commit itself.</summary>
internal static class RevisionResolver
{
    /// <summary>
    /// The registered repository <paramref name="repoId"/> and the synced commit <paramref name="revision"/>
    /// means, or the 404 problem that says which of the two is missing.
    /// </summary>
    public static async Task<(SyncedRevision? Synced, ProblemHttpResult? Problem)> FindSyncedAsync(
        ModelHubDbContext db, string repoId, string? revision, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.RepoId == repoId, cancellationToken);
        if (repo is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                detail: $"No repository '{repoId}' is registered."));
        }

        return await ResolveAsync(db, repo, revision, cancellationToken) is { } commit
            ? (new SyncedRevision(repo, commit), null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Revision not synced.",
                detail: $"{repo.RepoId}@{revision ?? repo.DefaultRevision} has not been synced yet. Start a sync with POST /v1/hub/sync."));
    }

    /// <summary>The synced commit <paramref name="revision"/> (null: the default one) of <paramref name="repo"/> means, or null if none.</summary>
    public static async Task<string?> ResolveAsync(ModelHubDbContext db, ModelRepository repo, string? revision, CancellationToken cancellationToken)
    {
        if (revision is null || revision == repo.DefaultRevision && repo.LastSyncedCommit is not null)
        {
            return repo.LastSyncedCommit;
        }

        var pinned = await db.Revisions.AsNoTracking()
            .Where(r => r.ModelRepoId == repo.Id && r.Name == revision)
            .Select(r => r.Commit)
            .SingleOrDefaultAsync(cancellationToken);
        if (pinned is not null || revision.Length != 40)
        {
            return pinned;
        }

        var lowered = revision.ToLowerInvariant();
        return await db.Artifacts.AnyAsync(a => a.ModelRepoId == repo.Id && a.Commit == lowered, cancellationToken) ? lowered : null;
    }
}

/// <summary>A registered repository and the commit a revision of it was synced at.</summary>
internal sealed record SyncedRevision(ModelRepository Repository, string Commit);
