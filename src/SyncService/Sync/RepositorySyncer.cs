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
    IDistributedLockProvider locks, IOptions<SyncOptions> options, TimeProvider clock, ILogger<RepositorySyncer> logger)
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

        var recorded = await tree.RecordAsync(upstream, repo.Id, info.Sha, cancellationToken);
        var fetched = await smallFiles.IngestAsync(
            upstream, await SmallFilesToFetchAsync(repo.Id, info.Sha, cancellationToken),
            new SmallFileSettings(options.Value.SmallFileConcurrency, options.Value.FetchAttempts), reportProgress, cancellationToken);

        var failures = fetched.Where(f => f.Status == ArtifactStatus.Failed).ToList();
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

    /// <summary>The commit's small files (configs, tokenizers, model cards) not stored yet.</summary>
    private Task<List<ModelArtifact>> SmallFilesToFetchAsync(Guid repositoryId, string commit, CancellationToken cancellationToken)
    {
        var limit = options.Value.SmallFileLimitBytes;
        return db.Artifacts.AsNoTracking()
            .Where(a => a.RepositoryId == repositoryId && a.Commit == commit && a.Size < limit && a.Status != ArtifactStatus.Completed)
            .ToListAsync(cancellationToken);
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
