using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Kinds;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;

namespace ModelHub.ScanService.Verify;

/// <summary>
/// Re-hashes blobs and compares each hash with the blob's name: every blob on disk, one
/// repository's, or those not verified for some days. Hashing runs in parallel and takes no lock;
/// only a bad blob's move to <c>quarantine/</c> does.
/// </summary>
internal sealed class VerifyScan(
    ModelHubDbContext db, StoreInventory inventory, BlobFates fates, IOptions<ScanSettings> settings, TimeProvider clock,
    ILogger<VerifyScan> logger) : IStorageScan
{
    private const int UpdateBatch = 1000;

    public string Mode => ScanModes.Verify;

    public async Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken)
    {
        var candidates = await SelectAsync(request, cancellationToken);
        tally.Progress.ExpectItems("blobs", candidates.Count);
        tally.Progress.ExpectBytes(candidates.Sum(c => c.Size));
        var intact = new ConcurrentBag<string>();
        var corrupt = new ConcurrentBag<string>();
        var missing = new ConcurrentBag<string>();

        var started = Stopwatch.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Value.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(candidates.Select(c => c.Sha256), parallel, async (sha256, token) =>
        {
            if (inventory.Rehash(sha256, token) is not { } rehashed)
            {
                missing.Add(sha256);
                await tally.Progress.AddItemsAsync();
                return;
            }

            Interlocked.Increment(ref tally.BlobsChecked);
            Interlocked.Add(ref tally.BytesChecked, rehashed.Size);
            (rehashed.Sha256 == sha256 ? intact : corrupt).Add(sha256);
            await tally.Progress.AddItemsAsync(1, rehashed.Size);
        });
        tally.HashingTime = Stopwatch.GetElapsedTime(started);

        await MarkVerifiedAsync([.. intact], cancellationToken);
        foreach (var sha256 in corrupt)
        {
            logger.LogWarning("Blob {Sha256} does not match its name: quarantining it", sha256);
            await fates.QuarantineAsync(sha256, tally, request.Repair, cancellationToken);
        }

        foreach (var sha256 in missing)
        {
            await fates.MarkMissingAsync(sha256, tally, request.Repair, cancellationToken);
        }

        var rate = tally.HashingTime > TimeSpan.Zero ? tally.BytesChecked / tally.HashingTime.TotalSeconds / 1e6 : 0;
        return $"verified {tally.BlobsChecked} blob(s) ({tally.BytesChecked} bytes, {rate:F0} MB/s): {intact.Count} intact, "
            + $"{tally.CorruptBlobs} corrupt (quarantined), {tally.MissingBlobs} missing"
            + (request.Repair ? $"; {tally.RepairJobs} repair download(s) submitted" : "");
    }

    /// <summary>
    /// The blobs to hash with their sizes (0 for one recorded but not on disk), largest first: the hashers take them in this order, so the big ones start early and
    /// the hashers finish together, instead of one hashing a large blob alone at the end while the others idle.
    /// </summary>
    private async Task<List<(string Sha256, long Size)>> SelectAsync(ScanPayload request, CancellationToken cancellationToken)
    {
        var stored = db.Artifacts.AsNoTracking().Where(a => a.Status == ArtifactStatus.Completed && a.ContentHash != null);
        if (request.RepoId is null && request.OlderThanDays is null)
        {
            // Everything on disk, orphans included, and whatever the database says is stored (those not on disk last).
            var recorded = await stored.Select(a => a.ContentHash!).Distinct().ToListAsync(cancellationToken);
            var onDisk = inventory.EnumerateBlobs().OrderByDescending(b => b.Size).Select(b => (b.Sha256, b.Size)).ToList();
            var found = onDisk.Select(b => b.Sha256).ToHashSet();
            return [.. onDisk, .. recorded.Where(sha256 => !found.Contains(sha256)).Select(sha256 => (sha256, 0L))];
        }

        if (request.RepoId is { } repoId)
        {
            var type = SnakeCaseEnums.ParseSnakeCase<RepoType>(request.RepoType ?? "model");
            stored = stored.Where(a => db.Repositories.Named(type, repoId).Any(r => r.Id == a.RepositoryId));
        }

        if (request.OlderThanDays is { } days)
        {
            var cutoff = clock.GetUtcNow().AddDays(-days);
            var fresh = db.Artifacts.Where(a => a.VerifiedAt >= cutoff).Select(a => a.ContentHash);
            stored = stored.Where(a => !fresh.Contains(a.ContentHash));
        }

        var selected = await stored.GroupBy(a => a.ContentHash!).OrderByDescending(g => g.Max(a => a.Size))
            .Select(g => new { Sha256 = g.Key, Size = g.Max(a => a.Size) }).ToListAsync(cancellationToken);
        return [.. selected.Select(b => (b.Sha256, b.Size))];
    }

    private async Task MarkVerifiedAsync(IReadOnlyList<string> intact, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        foreach (var batch in intact.Chunk(UpdateBatch))
        {
            await db.Artifacts
                .Where(a => a.ContentHash != null && batch.Contains(a.ContentHash))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.VerifiedAt, now), cancellationToken);
        }
    }
}
