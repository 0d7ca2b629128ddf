using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ScanService.CacheView;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;

namespace ModelHub.ScanService.Reconcile;

/// <summary>
/// Makes the database and the disk tell the same story: stored artifacts whose blob is gone become
/// <c>missing</c>, missing ones whose blob is back are completed again, blobs nothing refers to are
/// reported (and deleted only when asked), stale partial downloads are cleaned from <c>temp/</c>.
/// </summary>
internal sealed class ReconcileScan(
    ModelHubDbContext db, ArtifactRecords artifacts, CacheViewWriter view, StoreInventory inventory, BlobFates fates, IOptions<ScanSettings> settings,
    TimeProvider clock) : IStorageScan
{
    private const int UpdateBatch = 1000;

    public string Mode => ScanModes.Reconcile;

    public async Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken)
    {
        var onDisk = inventory.EnumerateBlobs(stray => tally.Problem($"stray: {stray} is not named by a SHA-256; left alone"))
            .ToDictionary(b => b.Sha256);
        tally.BlobsChecked = onDisk.Count;
        tally.Progress.ExpectItems("blobs", onDisk.Count);

        await FindMissingAsync(onDisk, tally, request.Repair, cancellationToken);
        await RestoreAsync(onDisk, tally, cancellationToken);
        await FindOrphansAsync(onDisk, tally, request.DeleteOrphans, cancellationToken);
        CleanTemp(tally);
        tally.StoreBytes = inventory.EnumerateBlobs().Sum(b => b.Size);

        return $"reconciled {onDisk.Count} blob(s): {tally.MissingBlobs} missing, {tally.ArtifactsRestored} artifact(s) restored, "
            + $"{tally.OrphanBlobs} orphan(s) ({tally.OrphanBytes} bytes{(request.DeleteOrphans ? $", {tally.OrphansDeleted} deleted" : ", kept")}), "
            + $"{tally.TempFilesDeleted} stale temp file(s) deleted, {tally.IncompleteFiles} download(s) in progress"
            + (request.Repair ? $"; {tally.RepairJobs} repair download(s) submitted" : "");
    }

    private async Task FindMissingAsync(Dictionary<string, BlobFile> onDisk, ScanTally tally, bool repair, CancellationToken cancellationToken)
    {
        var recorded = await db.Artifacts.AsNoTracking()
            .Where(a => a.Status == ArtifactStatus.Completed && a.ContentHash != null)
            .Select(a => a.ContentHash!).Distinct().ToListAsync(cancellationToken);
        foreach (var sha256 in recorded.Where(s => !onDisk.ContainsKey(s)))
        {
            await fates.MarkMissingAsync(sha256, tally, repair, cancellationToken);
        }
    }

    private async Task RestoreAsync(Dictionary<string, BlobFile> onDisk, ScanTally tally, CancellationToken cancellationToken)
    {
        var lost = await db.Artifacts.AsNoTracking()
            .Where(a => (a.Status == ArtifactStatus.Missing || a.Status == ArtifactStatus.Corrupt) && a.ContentHash != null)
            .Select(a => new { a.Id, a.ContentHash, a.RepositoryId }).ToListAsync(cancellationToken);
        var back = lost.Where(a => onDisk.ContainsKey(a.ContentHash!)).ToList();
        var now = clock.GetUtcNowForDatabase();
        foreach (var batch in back.Chunk(UpdateBatch))
        {
            await artifacts.RecordStoredAsync(
                [.. batch.Select(a => new StoredArtifact(a.Id, a.ContentHash!, BlobStore.RelativeBlobPath(a.ContentHash!)))], now, cancellationToken);
            await view.AddReportingAsync([.. batch.Select(a => new StoredFile(a.Id, a.ContentHash!))], tally, cancellationToken);
        }

        tally.ArtifactsRestored += back.Count;
        tally.Changed(back.Select(a => a.RepositoryId).Distinct());
    }

    private async Task FindOrphansAsync(Dictionary<string, BlobFile> onDisk, ScanTally tally, bool delete, CancellationToken cancellationToken)
    {
        var referenced = (await db.Artifacts.AsNoTracking().Where(a => a.ContentHash != null).Select(a => a.ContentHash!).Distinct().ToListAsync(cancellationToken))
            .Concat(await db.Artifacts.AsNoTracking().Where(a => a.LfsSha256 != null).Select(a => a.LfsSha256!).Distinct().ToListAsync(cancellationToken))
            .ToHashSet();

        // A blob just renamed into place may not be recorded yet: young blobs are never orphans.
        var youngest = clock.GetUtcNow() - settings.Value.OrphanGracePeriod;
        foreach (var blob in onDisk.Values)
        {
            await tally.Progress.AddItemsAsync();
            if (referenced.Contains(blob.Sha256) || blob.WrittenAt >= youngest)
            {
                continue;
            }

            tally.OrphanBlobs++;
            tally.OrphanBytes += blob.Size;
            if (delete && await fates.DeleteOrphanAsync(blob.Sha256, cancellationToken))
            {
                tally.OrphansDeleted++;
                tally.Problem($"orphan: blobs/sha256/{blob.Sha256} ({blob.Size} bytes) deleted");
            }
            else
            {
                tally.Problem($"orphan: blobs/sha256/{blob.Sha256} ({blob.Size} bytes){(delete ? " busy, kept" : "")}");
            }
        }
    }

    private void CleanTemp(ScanTally tally)
    {
        var stale = clock.GetUtcNow() - settings.Value.StaleTempAge;
        foreach (var file in inventory.EnumerateTemp())
        {
            if (file.WrittenAt < stale)
            {
                File.Delete(file.FullPath);
                tally.TempFilesDeleted++;
            }
            else if (file.FullPath.EndsWith(".part", StringComparison.Ordinal))
            {
                tally.IncompleteFiles++;
                tally.IncompleteBytes += file.Size;
            }
        }
    }
}
