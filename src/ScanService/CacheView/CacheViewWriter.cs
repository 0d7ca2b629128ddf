using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
    ModelHubDbContext db, HfCacheView view, LockGroups lockGroups, IOptions<ScanSettings> settings,
    ILogger<CacheViewWriter> logger)
{
    private const int CommitPage = 1000;

    private static readonly TimeSpan _firstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _longestPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Adds the files still stored; returns how many the view shows now, or throws when a blob stayed busy for over
    /// <c>Scan:LockTimeout</c> (a consumer's message is then tried again). Nothing, when the view is off.
    /// </summary>
    public async Task<int> AddAsync(IReadOnlyCollection<StoredFile> files, CancellationToken cancellationToken)
    {
        var (added, busy) = await TryAddAsync(files, cancellationToken);
        return busy.Count == 0
            ? added
            : throw new TimeoutException($"{busy.Count} blob(s) have been busy for over {settings.Value.LockTimeout}, {busy[0].Sha256} among them");
    }

    /// <summary>
    /// Adds the files still stored; returns how many the view shows now, and the files left out because another worker held
    /// their blob for over <c>Scan:LockTimeout</c> (a scan reports them and goes on).
    /// </summary>
    public async Task<(int Added, IReadOnlyList<StoredFile> Busy)> TryAddAsync(IReadOnlyCollection<StoredFile> files, CancellationToken cancellationToken)
    {
        if (!view.IsOn || files.Count == 0)
        {
            return (0, []);
        }

        // The blobs' locks in one request, never waiting: the names another worker holds (a snapshot batch holds its files'
        // until the batch ends, after their events went out) are asked for again, together, after a pause that grows.
        var added = 0;
        var waiting = files.ToList();
        var pause = _firstPause;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var group = await lockGroups.TryAcquireAsync(waiting.Select(f => LockNames.Blob(f.Sha256)), cancellationToken))
            {
                var held = waiting.Where(f => group.Holds(LockNames.Blob(f.Sha256))).ToList();
                added += await AddHeldAsync(held, cancellationToken);
                waiting = [.. waiting.Except(held)];
            }

            if (waiting.Count == 0 || Stopwatch.GetElapsedTime(started) > settings.Value.LockTimeout)
            {
                return (added, waiting);
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _longestPause.Ticks));
        }
    }

    /// <summary>Adds the files (<see cref="TryAddAsync"/>), reporting in <paramref name="tally"/> those another worker held too long.</summary>
    public async Task<int> AddReportingAsync(IReadOnlyCollection<StoredFile> files, ScanTally tally, CancellationToken cancellationToken)
    {
        var (added, busy) = await TryAddAsync(files, cancellationToken);
        foreach (var file in busy)
        {
            tally.Problem($"cache view: blobs/sha256/{file.Sha256} left out: a download held it for over {settings.Value.LockTimeout} (a cache-view scan adds it)");
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

    /// <summary>A repository's known revisions (the view leaves out those that are commits themselves).</summary>
    private Task<Dictionary<string, string>> RefsAsync(Guid repositoryId, CancellationToken cancellationToken) =>
        db.Revisions.AsNoTracking().Where(r => r.RepositoryId == repositoryId).ToDictionaryAsync(r => r.Name, r => r.Commit, StringComparer.Ordinal, cancellationToken);

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
            if (ViewFile.Of(row.RepoType, row.RepoId, row.Commit, row.Path, row.LfsSha256, row.GitBlobOid, row.ContentHash!) is not { } file)
            {
                logger.LogWarning("Artifact {ArtifactId} ({Path}) cannot be shown in the cache view: no ETag to name its blob by, or no folder name for {RepoId}",
                    row.Id, row.Path, row.RepoId);
                continue;
            }

            try
            {
                var firstOfItsCommit = !view.HasSnapshot(row.RepoType, row.RepoId, row.Commit);
                if (view.Add(file))
                {
                    added++;
                    if (firstOfItsCommit)
                    {
                        newSnapshots.Add(row.RepositoryId);
                    }
                }
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
