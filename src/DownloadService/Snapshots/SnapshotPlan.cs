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

    /// <summary>
    /// Files this run leaves alone when it only <paramref name="completes"/> earlier work (a retry, or an attempt
    /// taken over from a stopped instance): those stored already. A first run sends every file through the pipeline,
    /// which finds the stored ones stored and announces them all the same.
    /// </summary>
    public IReadOnlyList<SnapshotFile> Done(bool completes) => completes ? [.. Files.Where(f => f.Stored)] : [];

    public IEnumerable<IReadOnlyList<SnapshotFile>> Batches(bool completes, long largeFileBytes, int batchFiles)
    {
        var wanted = completes ? Files.Where(f => !f.Stored).ToList() : [.. Files];
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
