using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ScanService.Scans;
using ModelHub.Storage;

namespace ModelHub.ScanService.Quota;

/// <summary>
/// Keeps the store under its maximum size: evicts the least recently used blobs first, never one
/// that a pinned repository holds. Evicted artifacts go back to <c>not_downloaded</c>; a download
/// brings them back.
/// </summary>
internal sealed class QuotaScan(ModelHubDbContext db, StoreInventory inventory, BlobFates fates, IOptions<ScanSettings> settings) : IStorageScan
{
    public string Mode => ScanModes.EnforceQuota;

    public async Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken)
    {
        var quota = request.MaxBytes ?? settings.Value.QuotaBytes
            ?? throw new ScanRequestException($"No quota is set: configure {ScanSettings.Section}:{nameof(ScanSettings.QuotaBytes)} or pass max_bytes.");
        tally.QuotaBytes = quota;

        var onDisk = inventory.EnumerateBlobs().ToDictionary(b => b.Sha256, b => b.Size);
        var total = onDisk.Values.Sum();
        tally.BlobsChecked = onDisk.Count;
        var before = total;

        if (total > quota)
        {
            tally.Progress.ExpectItems("blobs");
            tally.Progress.ExpectBytes(total - quota);
            foreach (var candidate in await EvictionOrderAsync(cancellationToken))
            {
                if (total <= quota)
                {
                    break;
                }

                if (onDisk.TryGetValue(candidate, out var size) && await fates.EvictAsync(candidate, size, tally, cancellationToken))
                {
                    total -= size;
                    await tally.Progress.AddItemsAsync(1, size);
                }
            }
        }

        tally.StoreBytes = total;
        if (total > quota)
        {
            tally.Problem($"still {total - quota} bytes over the quota: what is left is pinned, busy or not recorded (run a reconcile to find orphans)");
        }

        return before <= quota
            ? $"the store holds {before} bytes, under its quota of {quota}: nothing evicted"
            : $"evicted {tally.BlobsEvicted} blob(s) ({tally.BytesEvicted} bytes), least recently used first; the store holds {total} of {quota} bytes";
    }

    /// <summary>Recorded blobs that no pinned repository holds, least recently used first.</summary>
    private async Task<List<string>> EvictionOrderAsync(CancellationToken cancellationToken) =>
        await db.Artifacts.AsNoTracking()
            .Where(a => a.Status == ArtifactStatus.Completed && a.ContentHash != null)
            .Join(db.Repositories, a => a.RepositoryId, r => r.Id, (a, r) => new
            {
                Sha256 = a.ContentHash!,
                LastUsed = a.LastAccessedAt ?? a.DownloadedAt ?? a.UpdatedAt,
                r.Pinned,
            })
            .GroupBy(x => x.Sha256)
            .Where(g => !g.Any(x => x.Pinned))
            .OrderBy(g => g.Max(x => x.LastUsed))
            .ThenBy(g => g.Key)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);
}
