using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Repositories;

internal static class ArtifactSummaries
{
    /// <summary>One grouped query for the summaries of a page of repositories (at their last synced commit).</summary>
    public static async Task<IReadOnlyDictionary<Guid, ArtifactSummary>> LoadAsync(
        ModelHubDbContext db, IReadOnlyCollection<Guid> repositoryIds, CancellationToken cancellationToken)
    {
        var rows = await (
                from artifact in db.Artifacts
                join repo in db.Repositories on artifact.RepositoryId equals repo.Id
                where repositoryIds.Contains(repo.Id) && artifact.Commit == repo.LastSyncedCommit
                group artifact by new { artifact.RepositoryId, artifact.Status } into g
                select new { g.Key.RepositoryId, g.Key.Status, Files = g.Count(), Bytes = g.Sum(a => a.Size) })
            .ToListAsync(cancellationToken);

        return rows
            .GroupBy(r => r.RepositoryId)
            .ToDictionary(
                g => g.Key,
                g => new ArtifactSummary(
                    Files: g.Sum(r => r.Files),
                    TotalBytes: g.Sum(r => r.Bytes),
                    StoredFiles: g.Where(r => r.Status == ArtifactStatus.Completed).Sum(r => r.Files),
                    StoredBytes: g.Where(r => r.Status == ArtifactStatus.Completed).Sum(r => r.Bytes),
                    ByStatus: g.ToDictionary(r => r.Status.ToSnakeCase(), r => r.Files)));
    }

    public static async Task<ArtifactSummary> LoadAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        (await LoadAsync(db, [repositoryId], cancellationToken)).GetValueOrDefault(repositoryId, ArtifactSummary.Empty);
}
