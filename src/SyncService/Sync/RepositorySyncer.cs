using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Sync;
using ModelHub.Ingest.SmallFiles;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>
/// One sync: resolve the revision to a commit, record every file of that commit, fetch the small
/// ones, and pin the revision to the commit. One sync per repository at a time, across workers.
/// </summary>
internal sealed class RepositorySyncer(
    ModelHubDbContext db, IHubClient hub, HubMetadataCache upstreamCache, TreeRecorder tree, SmallFileIngest smallFiles,
    IDistributedLockProvider locks, IOptions<SyncOptions> options, TimeProvider clock, ILogger<RepositorySyncer> logger)
{
    public async Task<SyncResult> SyncAsync(SyncRepository command, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        // A second sync of the same repository waits for the first, then finds its work mostly done.
        var lockName = LockNames.Sync(command.RepoId);
        await using var held = await locks.TryAcquireLockAsync(lockName, options.Value.LockTimeout, cancellationToken)
            ?? throw new TimeoutException($"another sync of {command.RepoId} has been running for over {options.Value.LockTimeout}; try again later");

        // A sync that loses its lock stops at once: another may be recording the same repository.
        return await held.RunWhileHeldAsync(lockName, token => SyncHeldAsync(command, reportProgress, token), cancellationToken);
    }

    private async Task<SyncResult> SyncHeldAsync(SyncRepository command, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.SingleOrDefaultAsync(r => r.RepoId == command.RepoId, cancellationToken)
            ?? throw new InvalidOperationException($"repository {command.RepoId} is not registered");
        await SetStatusAsync(repo, ModelRepositoryStatus.Syncing, cancellationToken);
        try
        {
            var result = await RunAsync(repo, command.Revision, reportProgress, cancellationToken);
            await PinAsync(repo, command.Revision, result.Commit, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            logger.LogWarning("Sync of {RepoId}@{Revision} failed: {Reason}", command.RepoId, command.Revision, e.Message);
            db.ChangeTracker.Clear();
            await db.Repositories.Where(r => r.Id == repo.Id).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, ModelRepositoryStatus.Failed).SetProperty(r => r.UpdatedAt, clock.GetUtcNowForDatabase()),
                CancellationToken.None);
            throw;
        }
    }

    private async Task<SyncResult> RunAsync(ModelRepository repo, string revision, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        // Someone asked for a sync: what the revision points at now, not what was cached a minute ago.
        await upstreamCache.ForgetAsync(repo.RepoId, cancellationToken);
        var info = await hub.GetModelInfoAsync(repo.RepoId, revision, cancellationToken);
        if (info.Sha.Length != 40 || !info.Sha.All(char.IsAsciiHexDigitLower))
        {
            throw new HubException(HubError.BadResponse, $"the upstream answered '{info.Sha}' as the commit of {repo.RepoId}@{revision}");
        }

        var recorded = await tree.RecordAsync(repo.RepoId, repo.Id, info.Sha, cancellationToken);
        var fetched = await smallFiles.IngestAsync(
            repo.RepoId, await SmallFilesToFetchAsync(repo.Id, info.Sha, cancellationToken),
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
