using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Storage.CacheView;

namespace ModelHub.ScanService.Scans;

/// <summary>
/// What happens to a blob's artifacts when the blob goes bad, goes missing or is evicted: each
/// change is made under the blob's lock (the one a download of the same bytes holds), held only
/// for the move and the update, and whatever shows the blob (the readable metadata copies, the cache view) lets go of it first.
/// </summary>
internal sealed class BlobFates(
    ModelHubDbContext db, StoreInventory inventory, HfCacheView view, IDistributedLockProvider locks, RepairJobs repairs,
    IOptions<ScanSettings> settings, TimeProvider clock)
{
    /// <summary>Moves a corrupt blob to <c>quarantine/</c> and marks its artifacts <c>corrupt</c>.</summary>
    public Task QuarantineAsync(string sha256, ScanTally tally, bool repair, CancellationToken cancellationToken) =>
        UnderLockAsync(sha256, tally, "corrupt", async (now, token) =>
        {
            var affected = await HideAsync(sha256, token);
            var moved = inventory.Quarantine(sha256, now);
            await ReleaseArtifactsAsync(sha256, ArtifactStatus.Corrupt, now, keepHash: true, token);
            Interlocked.Increment(ref tally.CorruptBlobs);
            tally.Problem($"corrupt: blobs/sha256/{sha256} {(moved ? "moved to quarantine/" : "was already gone")}; {affected.Count} artifact(s) marked corrupt");
            await RepairAsync(affected, tally, repair, token);
        }, cancellationToken);

    /// <summary>Marks the completed artifacts of a blob that is not on disk <c>missing</c>.</summary>
    public Task MarkMissingAsync(string sha256, ScanTally tally, bool repair, CancellationToken cancellationToken) =>
        UnderLockAsync(sha256, tally, "missing", async (now, token) =>
        {
            if (inventory.SizeOf(sha256) is not null)
            {
                return; // stored again meanwhile
            }

            var affected = await HideAsync(sha256, token);
            await ReleaseArtifactsAsync(sha256, ArtifactStatus.Missing, now, keepHash: true, token);
            if (affected.Count > 0)
            {
                Interlocked.Increment(ref tally.MissingBlobs);
                tally.Problem($"missing: blobs/sha256/{sha256}; {affected.Count} artifact(s) marked missing");
                await RepairAsync(affected, tally, repair, token);
            }
        }, cancellationToken);

    /// <summary>Deletes a blob to make room; its artifacts go back to <c>not_downloaded</c>. False when the blob was busy.</summary>
    public async Task<bool> EvictAsync(string sha256, long size, ScanTally tally, CancellationToken cancellationToken)
    {
        var evicted = false;
        await UnderLockAsync(sha256, tally, "evict", async (now, token) =>
        {
            var affected = await HideAsync(sha256, token);
            var deleted = inventory.Delete(sha256);
            await ReleaseArtifactsAsync(sha256, ArtifactStatus.NotDownloaded, now, keepHash: false, token);
            tally.Changed(affected.Select(a => a.RepositoryId));
            if (deleted)
            {
                Interlocked.Increment(ref tally.BlobsEvicted);
                Interlocked.Add(ref tally.BytesEvicted, size);
                evicted = true;
            }
        }, cancellationToken);
        return evicted;
    }

    /// <summary>Deletes a blob no artifact refers to, unless a download holds it (it may be about to record it).</summary>
    public async Task<bool> DeleteOrphanAsync(string sha256, CancellationToken cancellationToken)
    {
        var lockName = LockNames.Blob(sha256);
        await using var held = await locks.TryAcquireLockAsync(lockName, TimeSpan.Zero, cancellationToken);
        return held is not null && await held.RunWhileHeldAsync(lockName, async token =>
        {
            if (await db.Artifacts.AnyAsync(a => a.ContentHash == sha256 || a.LfsSha256 == sha256, token))
            {
                return false;
            }

            token.ThrowIfCancellationRequested();
            return inventory.Delete(sha256);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> under the blob's lock, with a token that ends if the lock is lost: each
    /// change checks it before it moves or deletes a blob and passes it to the database, so a lost lock stops it.
    /// </summary>
    private async Task UnderLockAsync(
        string sha256, ScanTally tally, string what, Func<DateTimeOffset, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var lockName = LockNames.Blob(sha256);
        await using var held = await locks.TryAcquireLockAsync(lockName, settings.Value.LockTimeout, cancellationToken);
        if (held is null)
        {
            tally.Problem($"{what}: blobs/sha256/{sha256} left alone: a download held it for over {settings.Value.LockTimeout}");
            return;
        }

        await held.RunWhileHeldAsync(lockName, token => change(clock.GetUtcNowForDatabase(), token), cancellationToken);
    }

    /// <summary>
    /// Takes the blob's files out of everything that shows them before the blob itself goes: the readable metadata copies
    /// and the cache view (links first), so that no reader follows a link to a blob that is gone or quarantined.
    /// </summary>
    private async Task<List<(Guid ArtifactId, Guid RepositoryId)>> HideAsync(string sha256, CancellationToken cancellationToken)
    {
        var affected = await Stored(sha256)
            .Join(db.Repositories, a => a.RepositoryId, r => r.Id, (a, r) => new { a.Id, a.RepositoryId, r.RepoType, r.RepoId, a.Commit, a.Path, a.LfsSha256, a.GitBlobOid })
            .ToListAsync(cancellationToken);
        // The last point a lost lock stops the change: from here the blob's names go and the blob follows, with no await between.
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var artifact in affected)
        {
            inventory.DeleteMetadataCopy(artifact.RepoType, artifact.RepoId, artifact.Commit, artifact.Path);
        }

        if (view.IsOn)
        {
            view.Remove([.. affected.Select(a => ViewFile.Of(a.RepoType, a.RepoId, a.Commit, a.Path, a.LfsSha256, a.GitBlobOid, sha256)).OfType<ViewFile>()]);
        }

        return [.. affected.Select(a => (a.Id, a.RepositoryId))];
    }

    private Task ReleaseArtifactsAsync(string sha256, ArtifactStatus status, DateTimeOffset now, bool keepHash, CancellationToken cancellationToken) =>
        Stored(sha256).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(a => a.Status, status).SetProperty(a => a.LocalPath, (string?)null).SetProperty(a => a.UpdatedAt, now);
            if (!keepHash)
            {
                s.SetProperty(a => a.ContentHash, (string?)null);
            }
        }, cancellationToken);

    private IQueryable<ModelArtifact> Stored(string sha256) => db.Artifacts.Where(a => a.ContentHash == sha256 && a.Status == ArtifactStatus.Completed);

    private async Task RepairAsync(List<(Guid ArtifactId, Guid RepositoryId)> affected, ScanTally tally, bool repair, CancellationToken cancellationToken)
    {
        tally.Changed(affected.Select(a => a.RepositoryId));
        if (repair)
        {
            Interlocked.Add(ref tally.RepairJobs, await repairs.SubmitAsync(affected, cancellationToken));
        }
    }
}
