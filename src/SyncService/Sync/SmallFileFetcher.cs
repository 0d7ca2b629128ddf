using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>
/// Fetches a commit's small files into the store, verified against what upstream promised. A file
/// whose bytes are already stored (same LFS sha256, or same git blob id seen before) is not fetched again.
/// </summary>
internal sealed class SmallFileFetcher(
    ModelHubDbContext db, IHubClient hub, BlobStore store, IOptions<SyncOptions> options, ILogger<SmallFileFetcher> logger)
{
    public async Task<IReadOnlyList<FetchedArtifact>> FetchAsync(
        string repoId, Guid repositoryId, string commit, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        var limit = options.Value.SmallFileLimitBytes;
        var pending = await db.Artifacts.AsNoTracking()
            .Where(a => a.ModelRepoId == repositoryId && a.Commit == commit && a.Size < limit && a.Status != ArtifactStatus.Completed)
            .ToListAsync(cancellationToken);
        var knownContent = await db.Artifacts.StoredContentByGitOidAsync(
            pending.Where(a => a.LfsSha256 is null && a.GitBlobOid is not null).Select(a => a.GitBlobOid!).Distinct().ToList(), cancellationToken);
        var total = pending.Sum(a => a.Size);
        long done = 0;
        var results = new ConcurrentBag<FetchedArtifact>();

        await Parallel.ForEachAsync(pending, new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.SmallFileConcurrency,
            CancellationToken = cancellationToken,
        }, async (artifact, ct) =>
        {
            var sha256 = artifact.LfsSha256 ?? (artifact.GitBlobOid is { } oid ? knownContent.GetValueOrDefault(oid) : null);
            var result = await FetchOneAsync(repoId, commit, artifact, sha256, ct);
            results.Add(result);
            await reportProgress(Interlocked.Add(ref done, artifact.Size), total);
        });

        return [.. results];
    }

    private async Task<FetchedArtifact> FetchOneAsync(string repoId, string commit, ModelArtifact artifact, string? knownSha256, CancellationToken cancellationToken)
    {
        try
        {
            var blob = knownSha256 is not null && store.Contains(knownSha256)
                ? AlreadyStored(knownSha256, artifact.Size)
                : await DownloadAsync(repoId, commit, artifact, cancellationToken);
            store.LinkIntoMetadata(blob.Sha256, repoId, commit, artifact.Path);
            return new FetchedArtifact(artifact.Id, artifact.Path, ArtifactStatus.Completed, blob.Sha256, blob.RelativePath, artifact.Size, blob.Deduplicated, null);
        }
        catch (Exception e) when (e is ContentMismatchException or HubException or IOException or HttpRequestException)
        {
            logger.LogWarning("Could not fetch {RepoId}@{Commit}/{Path}: {Reason}", repoId, commit, artifact.Path, e.Message);
            return new FetchedArtifact(artifact.Id, artifact.Path, ArtifactStatus.Failed, null, null, 0, false, e.Message);
        }
    }

    private async Task<StoredBlob> DownloadAsync(string repoId, string commit, ModelArtifact artifact, CancellationToken cancellationToken)
    {
        var expected = new ExpectedContent(artifact.Size, artifact.LfsSha256, artifact.LfsSha256 is null ? artifact.GitBlobOid : null)
        {
            RepoId = repoId,
            Path = artifact.Path,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var download = await hub.DownloadAsync(repoId, commit, artifact.Path, 0, cancellationToken);
                expected.RefuseOversizeAnnouncement(download.Offset, download.ContentLength);
                return await store.StoreAsync(download.Content, expected, $"sync-{artifact.Id:N}", cancellationToken);
            }
            catch (Exception e) when (attempt < options.Value.FetchAttempts
                && e is ContentMismatchException or IOException or HttpRequestException or HubException { Error: HubError.Stalled })
            {
                logger.LogInformation("Fetching {Path} again (attempt {Attempt} failed: {Reason})", artifact.Path, attempt, e.Message);
            }
        }
    }

    private static StoredBlob AlreadyStored(string sha256, long size)
    {
        StoreTelemetry.RecordDedupHit();
        return new StoredBlob(sha256, size, BlobStore.RelativeBlobPath(sha256), Deduplicated: true);
    }
}
