using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Sync;
using ModelHub.Ingest.SmallFiles;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>
/// One sync: resolve the revision to a commit, record every file of that commit, fetch the small
/// ones, and pin the revision to the commit. One sync per repository at a time, across workers.
/// </summary>
internal sealed class RepositorySyncer(
    ModelHubDbContext db, IHubClient hub, HubMetadataCache upstreamCache, TreeRecorder tree, SmallFileIngest smallFiles, BlobStore store,
    IDistributedLockProvider locks, IOptions<SyncOptions> options, IOptions<HubClientOptions> upstreamOptions, TimeProvider clock,
    ILogger<RepositorySyncer> logger)
{
    public async Task<SyncResult> SyncAsync(SyncRepository command, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        var upstream = new HubRepo(SnakeCaseEnums.ParseSnakeCase<RepoType>(command.RepoType), command.RepoId);

        // A second sync of the same repository waits for the first, then finds its work mostly done.
        var lockName = LockNames.Sync(upstream.ToString());
        await using var held = await locks.TryAcquireLockAsync(lockName, options.Value.LockTimeout, cancellationToken)
            ?? throw new TimeoutException($"another sync of {upstream} has been running for over {options.Value.LockTimeout}; try again later");

        // A sync that loses its lock stops at once: another may be recording the same repository.
        return await held.RunWhileHeldAsync(lockName, token => SyncHeldAsync(upstream, command.Revision, reportProgress, token), cancellationToken);
    }

    private async Task<SyncResult> SyncHeldAsync(HubRepo upstream, string revision, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        var repo = await db.FindAsync(upstream.Type, upstream.Id, tracking: true, cancellationToken)
            ?? throw new InvalidOperationException($"repository {upstream} is not registered");
        await SetStatusAsync(repo, ModelRepositoryStatus.Syncing, cancellationToken);
        try
        {
            var result = await RunAsync(upstream, repo, revision, reportProgress, cancellationToken);
            await PinAsync(repo, revision, result.Commit, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            logger.LogWarning("Sync of {Repo}@{Revision} failed: {Reason}", upstream.ToString(), revision, e.Message);
            db.ChangeTracker.Clear();
            await db.Repositories.Where(r => r.Id == repo.Id).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, ModelRepositoryStatus.Failed).SetProperty(r => r.UpdatedAt, clock.GetUtcNowForDatabase()),
                CancellationToken.None);
            throw;
        }
    }

    private async Task<SyncResult> RunAsync(
        HubRepo upstream, ModelRepository repo, string revision, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        // Someone asked for a sync: what the revision points at now, not what was cached a minute ago.
        await upstreamCache.ForgetAsync(upstream, cancellationToken);
        var info = await hub.GetRepoInfoAsync(upstream, revision, cancellationToken);
        if (info.Sha.Length != 40 || !info.Sha.All(char.IsAsciiHexDigitLower))
        {
            throw new HubException(HubError.BadResponse, $"the upstream answered '{info.Sha}' as the commit of {upstream}@{revision}");
        }

        upstream = await FollowRenameAsync(upstream, repo, info.Id, cancellationToken);
        // Saved with the pinned revision: serving reads who may have the files from this record only.
        repo.RecordUpstreamAnswer(RepositoryAccessRecord.FromUpstream(info.Private, info.Gated), clock.GetUtcNowForDatabase());

        var started = clock.GetTimestamp();
        var (recorded, fetched) = await RecordAndFetchAsync(upstream, repo.Id, info.Sha, reportProgress, cancellationToken);
        logger.LogInformation("Synced {Repo}@{Commit}: {Files} files recorded and {Fetched} small files stored in {Seconds:F1} s",
            upstream.ToString(), info.Sha, recorded.Files, fetched.Count, clock.GetElapsedTime(started).TotalSeconds);

        // With callers' tokens on, a gated repository the hub's token cannot read is recorded all the same: its files are
        // fetched with a reader's own token when asked for (the summary says which were refused).
        var failures = fetched.Where(f => !f.Stored && !(f.RefusedAsGated && upstreamOptions.Value.CallerTokens)).ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"sync incomplete: {failures.Count} small file(s) could not be stored: "
                + string.Join("; ", failures.Take(5).Select(f => $"{f.Path}: {f.Error}")));
        }

        return new SyncResult(repo.Id, repo.RepoId, revision, info.Sha, recorded, fetched);
    }

    /// <summary>
    /// The repository under the name the upstream gives it now: a repository renamed upstream (its info, reached
    /// through the Hub's 307, carries the new id) takes that name, keeps the old one as an alias, and moves its
    /// readable copies. A name the upstream still spells without a namespace is left as it is.
    /// </summary>
    private async Task<HubRepo> FollowRenameAsync(HubRepo upstream, ModelRepository repo, string currentId, CancellationToken cancellationToken)
    {
        if (string.Equals(currentId, repo.RepoId, StringComparison.Ordinal)
            || RepoIdRules.Validate(currentId) is not null || !RepoIdRules.HasNamespace(currentId))
        {
            return upstream;
        }

        var formerId = repo.RepoId;
        await db.RenameAsync(repo, currentId, clock.GetUtcNowForDatabase(), cancellationToken);
        MetadataFolders.Move(store.Root, repo.RepoType, formerId, currentId);
        logger.LogInformation("The upstream renamed {Former} to {Current}: recorded under the new name", formerId, currentId);
        return upstream with { Id = currentId };
    }

    /// <summary>
    /// Records the commit's tree and fetches its small files (configs, tokenizers, model cards, a dataset's images)
    /// at the same time: each recorded batch's files not stored yet are queued for fetching at once. The database
    /// context is the listing's until the queue is complete, then the fetch's, which records what it stored.
    /// </summary>
    private async Task<(TreeRecord Tree, IReadOnlyList<IngestedFile> Fetched)> RecordAndFetchAsync(
        HubRepo upstream, Guid repositoryId, string commit, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        var queue = new SmallFileQueue();
        using var stopListing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fetching = smallFiles.IngestAsync(
            upstream, queue, new SmallFileSettings(options.Value.SmallFileConcurrency, options.Value.FetchAttempts), reportProgress, cancellationToken);
        try
        {
            // A fetch that fails stops the listing, which may be waiting for room in the queue.
            _ = fetching.ContinueWith(
                static (_, state) => ((CancellationTokenSource)state!).Cancel(), stopListing,
                CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var recorded = await tree.RecordAsync(
                upstream, repositoryId, commit, batch => QueueSmallFilesAsync(queue, repositoryId, commit, batch, stopListing.Token), stopListing.Token);
            queue.Complete();
            return (recorded, await fetching);
        }
        catch (Exception e)
        {
            queue.Complete(e);
            // When a failed fetch stopped the listing, the fetch's failure is the one to report.
            var stoppedByFetch = e is OperationCanceledException && !cancellationToken.IsCancellationRequested;
            try
            {
                await fetching;
            }
            catch when (!stoppedByFetch)
            {
                // The listing's failure is the one to report; the fetch only stopped because of it.
            }

            throw;
        }
    }

    /// <summary>Queues the files of a recorded batch that are small and not stored yet.</summary>
    private async Task QueueSmallFilesAsync(
        SmallFileQueue queue, Guid repositoryId, string commit, IReadOnlyList<HubTreeEntry> batch, CancellationToken cancellationToken)
    {
        var limit = options.Value.SmallFileLimitBytes;
        var paths = batch.Where(e => e.Size < limit).Select(e => e.Path).ToList();
        if (paths.Count == 0)
        {
            return;
        }

        var toFetch = await db.Artifacts.AsNoTracking()
            .Where(a => a.RepositoryId == repositoryId && a.Commit == commit && paths.Contains(a.Path) && a.Status != ArtifactStatus.Completed)
            .ToListAsync(cancellationToken);
        await smallFiles.QueueBatchAsync(queue, toFetch, cancellationToken);
    }

    private async Task PinAsync(ModelRepository repo, string revision, string commit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        var pinned = await db.Revisions.SingleOrDefaultAsync(r => r.RepositoryId == repo.Id && r.Name == revision, cancellationToken);
        if (pinned is null)
        {
            db.Revisions.Add(new ModelRevision { RepositoryId = repo.Id, Name = revision, Commit = commit, ResolvedAt = now });
        }
        else
        {
            pinned.Commit = commit;
            pinned.ResolvedAt = now;
        }

        if (revision == repo.DefaultRevision || revision == commit)
        {
            repo.LastSyncedCommit = commit;
            repo.LastSyncedAt = now;
        }

        repo.Status = ModelRepositoryStatus.Synced;
        repo.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SetStatusAsync(ModelRepository repo, ModelRepositoryStatus status, CancellationToken cancellationToken)
    {
        repo.Status = status;
        repo.UpdatedAt = clock.GetUtcNowForDatabase();
        await db.SaveChangesAsync(cancellationToken);
    }
}
