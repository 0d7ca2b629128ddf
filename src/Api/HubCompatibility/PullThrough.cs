using MassTransit;
using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Downloads;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// Fetches a file ModelHub lacks from the upstream into <c>temp/</c>, hashing as it goes, and moves it
/// into the store only if it verifies. One fetch per set of bytes: requests in this process share a
/// <see cref="ColdFetch"/>, and the lock <c>modelhub:blob:&lt;sha256&gt;</c> (the DownloadService's)
/// keeps other processes from fetching the same bytes at the same time. A fetch outlives the request
/// that started it (others may be reading it), so a client that leaves cannot leave a bad blob.
/// </summary>
internal sealed class PullThrough(
    IHubClient hub, BlobStore store, IDistributedLockProvider locks, IServiceScopeFactory scopes, IBus bus,
    IOptions<PullThroughOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<PullThrough> logger)
{
    private static readonly TimeSpan _publishTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, ColdFetch> _fetches = new(StringComparer.Ordinal);

    /// <summary>The fetch of <paramref name="file"/>'s bytes under way, or a new one.</summary>
    public ColdFetch Fetch(HubCommit resolved, HubFile file, string key)
    {
        ColdFetch fetch;
        lock (_fetches)
        {
            if (_fetches.TryGetValue(key, out var running))
            {
                return running;
            }

            fetch = new ColdFetch(key, file.Size);
            _fetches[key] = fetch;
        }

        _ = Task.Run(() => RunAsync(fetch, resolved, file));
        return fetch;
    }

    private async Task RunAsync(ColdFetch fetch, HubCommit resolved, HubFile file)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            var lockName = LockNames.Blob(fetch.Key);
            await using var held = await locks.TryAcquireLockAsync(lockName, options.Value.LockWait, stopping)
                ?? throw new TimeoutException($"another worker has been fetching the same bytes for over {options.Value.LockWait}");

            // A holder that loses the lock stops writing at once (the part is deleted, the clients get an error).
            var blob = await held.RunWhileHeldAsync(lockName, async token =>
            {
                // Whoever held the lock before us may have stored these very bytes.
                var stored = await AlreadyStoredAsync(file, token) ?? await DownloadOrCleanUpAsync(fetch, resolved, file, token);
                await MarkStoredAsync(resolved, file, stored, token);
                return stored;
            }, stopping);
            fetch.Succeed(blob);
        }
        catch (Exception e)
        {
            logger.LogWarning("Pull-through of {RepoId}@{Commit}: {Path} failed: {Reason}", resolved.Repository.RepoId, resolved.Commit, file.Path, e.Message);
            fetch.Fail(e);
        }
        finally
        {
            lock (_fetches)
            {
                _fetches.Remove(fetch.Key);
            }
        }
    }

    /// <summary>Called with the lock held: only the holder writes the part, so only it may delete it.</summary>
    private async Task<StoredBlob> DownloadOrCleanUpAsync(ColdFetch fetch, HubCommit resolved, HubFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await DownloadAsync(fetch, resolved, file, cancellationToken);
        }
        catch
        {
            File.Delete(store.PartPath(fetch.PartName));
            throw;
        }
    }

    private async Task<StoredBlob> DownloadAsync(ColdFetch fetch, HubCommit resolved, HubFile file, CancellationToken cancellationToken)
    {
        var expected = new ExpectedContent(file.Size, file.LfsSha256, file.LfsSha256 is null ? file.GitBlobOid : null);
        string sha256;
        string? gitSha1;
        await using (var download = await hub.DownloadAsync(resolved.Repository.RepoId, resolved.Commit, file.Path, 0, cancellationToken))
        {
            expected.RefuseOversizeAnnouncement(download.Offset, download.ContentLength);
            await using var part = new FileStream(
                store.PartPath(fetch.PartName), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous);
            fetch.MarkOpened();
            using var hasher = new ContentHasher(expected);
            await hasher.CopyAsync(download.Content, part, 0, fetch.Wrote, cancellationToken);
            (sha256, gitSha1) = hasher.Finish();
        }

        return await store.CommitPartAsync(fetch.PartName, expected, sha256, gitSha1, cancellationToken);
    }

    private async Task<StoredBlob?> AlreadyStoredAsync(HubFile file, CancellationToken cancellationToken)
    {
        var sha256 = file.LfsSha256;
        if (sha256 is null && file.GitBlobOid is { } oid)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            sha256 = (await db.Artifacts.StoredContentByGitOidAsync([oid], cancellationToken)).GetValueOrDefault(oid);
        }

        return sha256 is not null && store.Contains(sha256)
            ? new StoredBlob(sha256, file.Size, BlobStore.RelativeBlobPath(sha256), Deduplicated: true)
            : null;
    }

    private async Task MarkStoredAsync(HubCommit resolved, HubFile file, StoredBlob blob, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            await db.Artifacts.Where(a => a.Id == file.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ArtifactStatus.Completed)
                .SetProperty(a => a.ContentHash, blob.Sha256)
                .SetProperty(a => a.LocalPath, blob.RelativePath)
                .SetProperty(a => a.DownloadedAt, now)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_publishTimeout);
        try
        {
            // A pull-through is no job: JobId is empty.
            await bus.Publish(new ArtifactDownloaded
            {
                JobId = Guid.Empty,
                ArtifactId = file.Id,
                RepositoryId = resolved.Repository.Id,
                RepoId = resolved.Repository.RepoId,
                Commit = resolved.Commit,
                Path = file.Path,
                Sha256 = blob.Sha256,
                Size = blob.Size,
                StoredPath = blob.RelativePath,
                Deduplicated = blob.Deduplicated,
                DownloadedAt = now,
            }, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MassTransitException)
        {
            logger.LogWarning("ArtifactDownloaded for {Path} of {RepoId} was not published: {Reason}", file.Path, resolved.Repository.RepoId, e.Message);
        }
    }
}
