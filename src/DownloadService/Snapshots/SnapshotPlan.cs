using ModelHub.Contracts.Repositories;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// A snapshot's files at its commit, those its patterns select, and how this attempt sends them: the files to
/// fetch in batches (each large file alone, first, so that it runs while the small ones go by), and the files a
/// retry finds stored already.
/// </summary>
internal sealed record SnapshotPlan(Guid RepositoryId, RepoType RepoType, string RepoId, string Commit, IReadOnlyList<SnapshotFile> Files)
{
    public long Bytes => Files.Sum(f => f.Size);

    /// <summary>Files this attempt leaves alone: stored by an earlier attempt (a retry fetches only what is missing).</summary>
    public IReadOnlyList<SnapshotFile> Done(int attempt) => attempt > 1 ? [.. Files.Where(f => f.Stored)] : [];

    public IEnumerable<IReadOnlyList<SnapshotFile>> Batches(int attempt, long largeFileBytes, int batchFiles)
    {
        var wanted = attempt > 1 ? Files.Where(f => !f.Stored).ToList() : [.. Files];
        foreach (var large in wanted.Where(f => f.Size >= largeFileBytes).OrderByDescending(f => f.Size))
        {
            yield return [large];
        }

        foreach (var small in wanted.Where(f => f.Size < largeFileBytes).Chunk(batchFiles))
        {
            yield return small;
        }
    }
}
