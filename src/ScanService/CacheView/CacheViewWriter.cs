using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.Storage.CacheView;

namespace ModelHub.ScanService.CacheView;

/// <summary>
/// The one way files and refs enter the cache view: a download's, a sync's or an import's files and refs, a rebuild's. Each
/// file is added under its blob's lock (the one an eviction or a quarantine holds while it takes the blob out of the view
/// and the store), as the database has it then: a blob evicted meanwhile is not brought back.
/// </summary>
internal sealed class CacheViewWriter(
    ModelHubDbContext db, HfCacheView view, LockGroups lockGroups, IDistributedLockProvider locks, IOptions<ScanSettings> settings,
    ILogger<CacheViewWriter> logger)
{
    private const int CommitPage = 1000;

    /// <summary>Adds the files still stored; returns how many the view shows now. Nothing, when the view is off.</summary>
    public async Task<int> AddAsync(IReadOnlyCollection<StoredFile> files, CancellationToken cancellationToken)
    {
        if (!view.IsOn || files.Count == 0)
        {
            return 0;
        }

        List<StoredFile> busy;
        var added = 0;
        // The blobs' locks in one request; a blob another worker holds is added alone afterwards, waiting for it, so the
        // group never waits while it holds locks.
        await using (var group = await lockGroups.TryAcquireAsync(files.Select(f => LockNames.Blob(f.Sha256)), cancellationToken))
        {
            busy = [.. files.Where(f => !group.Holds(LockNames.Blob(f.Sha256)))];
            added += await AddHeldAsync([.. files.Except(busy)], cancellationToken);
        }

        foreach (var file in busy)
        {
            var name = LockNames.Blob(file.Sha256);
            await using var held = await locks.TryAcquireLockAsync(name, settings.Value.LockTimeout, cancellationToken)
                ?? throw new TimeoutException($"blob {file.Sha256} has been busy for over {settings.Value.LockTimeout}");
            added += await AddHeldAsync([file], cancellationToken);
        }

        return added;
    }

    /// <summary>
    /// Adds every stored file of a repository's commit (a sync's, whose small files raise no event each), a thousand at a
    /// time, then writes the repository's refs if the view shows it.
    /// </summary>
    public async Task AddCommitAsync(Guid repositoryId, string commit, CancellationToken cancellationToken)
    {
        if (!view.IsOn)
        {
            return;
        }

        var stored = await db.Artifacts.AsNoTracking()
            .Where(a => a.RepositoryId == repositoryId && a.Commit == commit && a.Status == ArtifactStatus.Completed && a.ContentHash != null)
            .Select(a => new StoredFile(a.Id, a.ContentHash!))
            .ToListAsync(cancellationToken);
        foreach (var page in stored.Chunk(CommitPage))
        {
            await AddAsync(page, cancellationToken);
        }

        await WriteRefsAsync(repositoryId, cancellationToken, onlyIfShown: true);
    }

    /// <summary>
    /// Makes the repository's <c>refs/</c> what the database knows of its branches and tags. With <paramref name="onlyIfShown"/>,
    /// a repository the view does not show yet is left out: it appears with its first stored file.
    /// </summary>
    public async Task WriteRefsAsync(Guid repositoryId, CancellationToken cancellationToken, bool onlyIfShown = false)
    {
        var repo = await db.Repositories.AsNoTracking().Where(r => r.Id == repositoryId)
            .Select(r => new { r.RepoType, r.RepoId }).SingleOrDefaultAsync(cancellationToken);
        if (view.IsOn && repo is not null && (!onlyIfShown || view.Shows(repo.RepoType, repo.RepoId)))
        {
            view.SetRefs(repo.RepoType, repo.RepoId, await RefsAsync(repositoryId, cancellationToken));
        }
    }

    /// <summary>A repository's refs as the view writes them: every known revision but the commits themselves.</summary>
    public async Task<Dictionary<string, string>> RefsAsync(Guid repositoryId, CancellationToken cancellationToken) =>
        (await db.Revisions.AsNoTracking().Where(r => r.RepositoryId == repositoryId).Select(r => new { r.Name, r.Commit }).ToListAsync(cancellationToken))
            .Where(r => r.Name != r.Commit)
            .ToDictionary(r => r.Name, r => r.Commit, StringComparer.Ordinal);

    private async Task<int> AddHeldAsync(IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return 0;
        }

        var wanted = files.ToDictionary(f => f.ArtifactId, f => f.Sha256);
        var ids = wanted.Keys.ToList();
        var rows = await db.Artifacts.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == ArtifactStatus.Completed && a.ContentHash != null)
            .Join(db.Repositories, a => a.RepositoryId, r => r.Id, (a, r) => new { a.Id, a.RepositoryId, r.RepoType, r.RepoId, a.Commit, a.Path, a.LfsSha256, a.GitBlobOid, a.ContentHash })
            .ToListAsync(cancellationToken);

        var newSnapshots = new HashSet<Guid>();
        var added = 0;
        foreach (var row in rows.Where(r => r.ContentHash == wanted[r.Id]))
        {
            if (row.LfsSha256 is null && row.GitBlobOid is null)
            {
                logger.LogWarning("Artifact {ArtifactId} ({Path}) has no ETag to name its blob by: left out of the cache view", row.Id, row.Path);
                continue;
            }

            var file = new ViewFile(row.RepoType, row.RepoId, row.Commit, row.Path, HfCacheNames.BlobName(row.LfsSha256, row.GitBlobOid!), row.ContentHash!);
            try
            {
                if (!view.HasSnapshot(row.RepoType, row.RepoId, row.Commit))
                {
                    newSnapshots.Add(row.RepositoryId);
                }

                added += view.Add(file) ? 1 : 0;
            }
            catch (ArgumentException e)
            {
                logger.LogWarning("Artifact {ArtifactId} cannot be shown in the cache view: {Reason}", row.Id, e.Message);
            }
        }

        // A branch may name a commit whose first file only now arrived.
        foreach (var repositoryId in newSnapshots)
        {
            await WriteRefsAsync(repositoryId, cancellationToken);
        }

        return added;
    }
}
