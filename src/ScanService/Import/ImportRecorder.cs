using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.ScanService.CacheView;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.ScanService.Import;

/// <summary>
/// Records what an import stored: the repository (registered if it was not), the refs whose commit
/// came with it, and an artifact per file, completed and verified. A manifest's other files are
/// recorded as not downloaded, so the repository is listed complete. The files imported show in the cache view, with the refs.
/// </summary>
internal sealed class ImportRecorder(ModelHubDbContext db, ArtifactRecords artifacts, CacheViewWriter view, TimeProvider clock)
{
    public async Task RecordAsync(
        RepoType repoType, string repoId, IReadOnlyDictionary<string, string> refs, IReadOnlyList<ImportedFile> files,
        IReadOnlyDictionary<string, Dictionary<string, ManifestEntry>?> manifests, ScanTally tally, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        var commits = files.Select(f => f.Commit).Distinct().ToList();
        var repo = await RepositoryAsync(repoType, repoId, now, cancellationToken);
        if (repo.LastSyncedCommit is null && (refs.GetValueOrDefault(repo.DefaultRevision) ?? (commits.Count == 1 ? commits[0] : null)) is { } current
            && commits.Contains(current))
        {
            repo.LastSyncedCommit = current;
            repo.LastSyncedAt = now;
            repo.Status = ModelRepositoryStatus.Synced;
            repo.UpdatedAt = now;
        }

        await RecordRefsAsync(repo, refs.Where(r => commits.Contains(r.Value)), now, cancellationToken);
        var stored = new List<StoredArtifact>(files.Count);
        foreach (var commit in commits)
        {
            stored.AddRange(await RecordCommitAsync(repo, commit, files.Where(f => f.Commit == commit), manifests[commit], now, cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await artifacts.RecordStoredAsync(stored, now, cancellationToken);
        await view.AddReportingAsync([.. stored.Select(s => new StoredFile(s.ArtifactId, s.Sha256))], tally, cancellationToken);
        await view.WriteRefsAsync(repo.Id, cancellationToken, onlyIfShown: true);
        tally.RepositoriesImported++;
        tally.FilesImported += files.Count;
        tally.Changed(repo.Id);
    }

    private async Task<ModelRepository> RepositoryAsync(RepoType repoType, string repoId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var repo = await db.FindAsync(repoType, repoId, tracking: true, cancellationToken);
        if (repo is null)
        {
            repo = new ModelRepository
            {
                Id = Guid.CreateVersion7(now),
                RepoId = repoId,
                RepoType = repoType,
                Status = ModelRepositoryStatus.Registered,
                DefaultRevision = "main",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Repositories.Add(repo);
        }

        return repo;
    }

    private async Task RecordRefsAsync(ModelRepository repo, IEnumerable<KeyValuePair<string, string>> refs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = await db.Revisions.Where(r => r.RepositoryId == repo.Id).ToDictionaryAsync(r => r.Name, cancellationToken);
        foreach (var (name, commit) in refs)
        {
            if (known.ContainsKey(name))
            {
                // What upstream said at the last sync is newer than a cache's refs.
                continue;
            }

            db.Revisions.Add(new ModelRevision { RepositoryId = repo.Id, Name = name, Commit = commit, ResolvedAt = now });
        }
    }

    /// <summary>The commit's artifacts, added or updated with what the cache says; returns those whose bytes were imported.</summary>
    private async Task<List<StoredArtifact>> RecordCommitAsync(
        ModelRepository repo, string commit, IEnumerable<ImportedFile> files, Dictionary<string, ManifestEntry>? manifest, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var known = await db.Artifacts.Where(a => a.RepositoryId == repo.Id && a.Commit == commit).ToDictionaryAsync(a => a.Path, cancellationToken);
        var stored = new List<StoredArtifact>();
        foreach (var file in files)
        {
            var artifact = known.GetValueOrDefault(file.Path) ?? Add(repo, commit, file.Path, file.Blob.Size, now);
            artifact.Size = file.Blob.Size;
            artifact.LfsSha256 = file.Blob.LfsSha256 ?? artifact.LfsSha256;
            artifact.GitBlobOid = file.Blob.GitBlobOid ?? artifact.GitBlobOid;
            artifact.UpdatedAt = now;
            known[file.Path] = artifact;
            stored.Add(new StoredArtifact(artifact.Id, file.Blob.Sha256, file.Blob.RelativePath));
        }

        foreach (var (path, entry) in manifest ?? [])
        {
            if (!known.ContainsKey(path))
            {
                var artifact = Add(repo, commit, path, entry.Size, now);
                artifact.LfsSha256 = entry.LfsSha256;
                artifact.GitBlobOid = entry.BlobId;
            }
        }

        return stored;
    }

    private ModelArtifact Add(ModelRepository repo, string commit, string path, long size, DateTimeOffset now)
    {
        var artifact = new ModelArtifact
        {
            Id = Guid.CreateVersion7(now),
            RepositoryId = repo.Id,
            Commit = commit,
            Path = path,
            Size = size,
            Status = ArtifactStatus.NotDownloaded,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Artifacts.Add(artifact);
        return artifact;
    }
}
