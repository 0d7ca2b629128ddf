using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Snapshots;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>Lists a snapshot's files from what the sync recorded of its commit, through its patterns.</summary>
internal sealed class SnapshotPlanner(ModelHubDbContext db, BlobStore store)
{
    public async Task<SnapshotPlan> PlanAsync(DownloadSnapshot command, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RepositoryId, cancellationToken)
            ?? throw new InvalidOperationException($"repository {command.RepositoryId} no longer exists");
        var selected = FilePatterns.Selector(command.Include, command.Exclude);
        var files = await db.Artifacts.AsNoTracking()
            .Where(a => a.RepositoryId == repo.Id && a.Commit == command.Commit)
            .OrderBy(a => a.Path)
            .Select(a => new { a.Id, a.Path, a.Size, Stored = a.Status == ArtifactStatus.Completed ? a.ContentHash : null })
            .ToListAsync(cancellationToken);
        // Stored: recorded so, and the blob still there (an eviction or a lost disk leaves the row behind).
        return new SnapshotPlan(repo.Id, repo.RepoType, repo.RepoId, command.Commit,
            [.. files.Where(f => selected(f.Path)).Select(f => new SnapshotFile(f.Id, f.Path, f.Size, f.Stored is { } sha256 && store.Contains(sha256)))]);
    }
}
