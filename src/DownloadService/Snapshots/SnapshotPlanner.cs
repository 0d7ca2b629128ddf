using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Snapshots;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Lists a snapshot's files from what the sync recorded of its commit, through its patterns, a page at a time: a
/// 100,000-file dataset is never held in memory at once, only its totals and the batches in flight.
/// </summary>
internal sealed class SnapshotPlanner(ModelHubDbContext db, BlobStore store)
{
    /// <summary>Files read per query (keyset pages by path: each a short query on the commit's unique index).</summary>
    internal const int PageFiles = 1_000;

    /// <summary>
    /// The snapshot's totals: every selected file, and those stored already (recorded so, and the blob still there: an
    /// eviction or a lost disk leaves the row behind), which an attempt that <paramref name="completes"/> earlier work leaves alone.
    /// </summary>
    public async Task<SnapshotPlan> PlanAsync(DownloadSnapshot command, bool completes, long largeFileBytes, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RepositoryId, cancellationToken)
            ?? throw new InvalidOperationException($"repository {command.RepositoryId} no longer exists");
        var plan = new SnapshotPlan(repo.Id, repo.RepoType, repo.RepoId, command.Commit, FilePatterns.Selector(command.Include, command.Exclude), completes, largeFileBytes);
        await foreach (var file in SelectedAsync(plan, large: null, cancellationToken))
        {
            plan.Count(file);
        }

        return plan;
    }

    /// <summary>
    /// The files to send, in batches: each large file alone, first, so that it runs while the small ones go by; then the
    /// small ones in path order, <paramref name="batchFiles"/> at a time. A run that completes earlier work skips the stored.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<SnapshotFile>> BatchesAsync(
        SnapshotPlan plan, int batchFiles, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Large files are few next to the small ones (a model's weights beside its configs): sorted here, largest first.
        var large = new List<SnapshotFile>();
        await foreach (var file in SelectedAsync(plan, large: true, cancellationToken))
        {
            large.Add(file);
        }

        foreach (var alone in large.Where(plan.Wanted).OrderByDescending(f => f.Size))
        {
            yield return [alone];
        }

        var small = new List<SnapshotFile>(batchFiles);
        await foreach (var file in SelectedAsync(plan, large: false, cancellationToken))
        {
            if (!plan.Wanted(file))
            {
                continue;
            }

            small.Add(file);
            if (small.Count == batchFiles)
            {
                yield return small;
                small = new List<SnapshotFile>(batchFiles);
            }
        }

        if (small.Count > 0)
        {
            yield return small;
        }
    }

    /// <summary>The selected files in path order, the large ones only, the small ones only, or (<paramref name="large"/> null) all.</summary>
    private async IAsyncEnumerable<SnapshotFile> SelectedAsync(SnapshotPlan plan, bool? large, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = "";
        while (true)
        {
            var files = db.Artifacts.AsNoTracking()
                .Where(a => a.RepositoryId == plan.RepositoryId && a.Commit == plan.Commit && string.Compare(a.Path, after) > 0);
            files = large switch
            {
                true => files.Where(a => a.Size >= plan.LargeFileBytes),
                false => files.Where(a => a.Size < plan.LargeFileBytes),
                null => files,
            };
            var page = await files
                .OrderBy(a => a.Path)
                .Take(PageFiles)
                .Select(a => new { a.Id, a.Path, a.Size, Stored = a.Status == ArtifactStatus.Completed ? a.ContentHash : null })
                .ToListAsync(cancellationToken);
            foreach (var file in page.Where(f => plan.Selects(f.Path)))
            {
                // Only an attempt that completes earlier work asks the store (a first run fetches or finds each file anyway).
                yield return new SnapshotFile(file.Id, file.Path, file.Size, plan.Completes && file.Stored is { } sha256 && store.Contains(sha256));
            }

            if (page.Count < PageFiles)
            {
                yield break;
            }

            after = page[^1].Path;
        }
    }
}
