using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Downloads;
using ModelHub.Jobs.Progress;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// One artifact into the store: once per set of bytes across every worker (a lock on the expected
/// content, see <see cref="FailoverLockProvider"/>), resumable, verified; already stored bytes complete
/// at once as deduplicated.
/// </summary>
internal sealed class ArtifactDownloader(
    ModelHubDbContext db, BlobStore store, SequentialFetcher sequential, ParallelFetcher parallel, IDistributedLockProvider locks,
    LiveProgress live, IOptions<DownloadOptions> options, TimeProvider clock, ILogger<ArtifactDownloader> logger)
{
    public async Task<ArtifactDownloaded> DownloadAsync(DownloadArtifact command, CancellationToken cancellationToken)
    {
        var artifact = await db.Artifacts.SingleOrDefaultAsync(a => a.Id == command.ArtifactId, cancellationToken)
            ?? throw new InvalidOperationException($"artifact {command.ArtifactId} does not exist");
        var repoId = await db.Repositories.Where(r => r.Id == artifact.ModelRepoId).Select(r => r.RepoId).SingleAsync(cancellationToken);

        if (artifact.Status == ArtifactStatus.Completed && artifact.ContentHash is { } done && store.Contains(done))
        {
            // A repeated command finds the work done: say so again, for whoever missed it.
            StoreTelemetry.RecordDedupHit();
            return Downloaded(command, artifact, repoId, deduplicated: true);
        }

        var lockKey = await KnownSha256Async(artifact, cancellationToken) ?? $"git-{artifact.GitBlobOid ?? artifact.Id.ToString("N")}";
        var lockName = LockNames.Blob(lockKey);
        await using var held = await locks.TryAcquireLockAsync(lockName, options.Value.LockTimeout, cancellationToken)
            ?? throw new TimeoutException($"another worker has been fetching the same bytes for over {options.Value.LockTimeout}");

        // A holder that loses the lock stops writing at once: another worker may be taking over the bytes.
        return await held.RunWhileHeldAsync(lockName, token => DownloadHeldAsync(command, artifact, repoId, token), cancellationToken);
    }

    private async Task<ArtifactDownloaded> DownloadHeldAsync(DownloadArtifact command, ModelArtifact artifact, string repoId, CancellationToken cancellationToken)
    {
        // Whoever held the lock before us may have stored these very bytes.
        if (await KnownSha256Async(artifact, cancellationToken) is { } sha256 && store.Contains(sha256))
        {
            await MarkCompletedAsync(artifact, sha256, BlobStore.RelativeBlobPath(sha256), cancellationToken);
            StoreTelemetry.RecordDedupHit();
            return Downloaded(command, artifact, repoId, deduplicated: true);
        }

        await SetStatusAsync(artifact, ArtifactStatus.Downloading, cancellationToken);
        var blob = await FetchAsync(command, artifact, repoId, cancellationToken);
        await MarkCompletedAsync(artifact, blob.Sha256, blob.RelativePath, cancellationToken);
        return Downloaded(command, artifact, repoId, blob.Deduplicated);
    }

    private async Task<StoredBlob> FetchAsync(DownloadArtifact command, ModelArtifact artifact, string repoId, CancellationToken cancellationToken)
    {
        var expected = new ExpectedContent(artifact.Size, artifact.LfsSha256, artifact.LfsSha256 is null ? artifact.GitBlobOid : null)
        {
            RepoId = repoId,
            Path = artifact.Path,
        };
        var progress = new ProgressMeter(command.JobId, artifact.Size, live, clock, options.Value.ProgressInterval);
        try
        {
            if (artifact.Size >= options.Value.ParallelThresholdBytes)
            {
                try
                {
                    return await parallel.FetchAsync(artifact, repoId, expected, progress, cancellationToken);
                }
                catch (RangesNotSupportedException)
                {
                    logger.LogInformation("{RepoId} ignores ranged requests: fetching {Path} in one stream", repoId, artifact.Path);
                    new PartFiles(store, artifact.Id).Delete();
                }
            }

            return await sequential.FetchAsync(artifact, repoId, expected, progress, cancellationToken);
        }
        catch (UpstreamChangedException)
        {
            new PartFiles(store, artifact.Id).Delete();
            throw;
        }
        catch (ContentMismatchException)
        {
            new PartFiles(store, artifact.Id).Delete();
            await SetStatusAsync(artifact, ArtifactStatus.Failed, CancellationToken.None);
            throw;
        }
        finally
        {
            await progress.WriteAsync();
        }
    }

    /// <summary>The SHA-256 the bytes will have, when it is known before fetching them.</summary>
    private async Task<string?> KnownSha256Async(ModelArtifact artifact, CancellationToken cancellationToken) =>
        artifact.LfsSha256 ?? (artifact.GitBlobOid is not { } oid
            ? null
            : (await db.Artifacts.StoredContentByGitOidAsync([oid], cancellationToken)).GetValueOrDefault(oid));

    private async Task MarkCompletedAsync(ModelArtifact artifact, string sha256, string localPath, CancellationToken cancellationToken)
    {
        artifact.ContentHash = sha256;
        artifact.LocalPath = localPath;
        artifact.DownloadedAt = clock.GetUtcNowForDatabase();
        artifact.LastAccessedAt = artifact.DownloadedAt;
        await SetStatusAsync(artifact, ArtifactStatus.Completed, cancellationToken);
    }

    private async Task SetStatusAsync(ModelArtifact artifact, ArtifactStatus status, CancellationToken cancellationToken)
    {
        artifact.Status = status;
        artifact.UpdatedAt = clock.GetUtcNowForDatabase();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static ArtifactDownloaded Downloaded(DownloadArtifact command, ModelArtifact artifact, string repoId, bool deduplicated) => new()
    {
        JobId = command.JobId,
        ArtifactId = artifact.Id,
        RepositoryId = artifact.ModelRepoId,
        RepoId = repoId,
        Commit = artifact.Commit,
        Path = artifact.Path,
        Sha256 = artifact.ContentHash!,
        Size = artifact.Size,
        StoredPath = artifact.LocalPath!,
        Deduplicated = deduplicated,
        DownloadedAt = artifact.DownloadedAt ?? default,
    };
}
