using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Registry;

/// <summary>Which synced commit a revision means: the last synced commit by default, a pinned revision, or a commit itself.</summary>
internal static class RevisionResolver
{
    /// <summary>The synced commit <paramref name="revision"/> (null: the default one) of <paramref name="repo"/> means, or null if none.</summary>
    public static async Task<string?> ResolveAsync(ModelHubDbContext db, ModelRepository repo, string? revision, CancellationToken cancellationToken)
    {
        if (revision is null || revision == repo.DefaultRevision && repo.LastSyncedCommit is not null)
        {
            return repo.LastSyncedCommit;
        }

        var pinned = await db.Revisions.AsNoTracking()
            .Where(r => r.RepositoryId == repo.Id && r.Name == revision)
            .Select(r => r.Commit)
            .SingleOrDefaultAsync(cancellationToken);
        if (pinned is not null || revision.Length != 40)
        {
            return pinned;
        }

        var lowered = revision.ToLowerInvariant();
        return await db.Artifacts.AnyAsync(a => a.RepositoryId == repo.Id && a.Commit == lowered, cancellationToken) ? lowered : null;
    }
}
