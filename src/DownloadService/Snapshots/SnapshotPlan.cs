using ModelHub.Contracts.Repositories;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// A snapshot at its commit: which files its patterns select, how many there are and how large, and how many of them
/// this attempt finds stored already. An attempt that <see cref="Completes"/> earlier work (a retry, or one taken over
/// from a stopped instance) leaves the stored alone; a first run sends every file through the pipeline, which finds
/// the stored ones stored and announces them all the same. The files themselves are read a page at a time
/// (<see cref="SnapshotPlanner.BatchesAsync"/>), never kept here.
/// </summary>
internal sealed class SnapshotPlan(
    Guid repositoryId, RepoType repoType, string repoId, string commit, Func<string, bool> selects, bool completes, long largeFileBytes)
{
    public Guid RepositoryId { get; } = repositoryId;

    public RepoType RepoType { get; } = repoType;

    public string RepoId { get; } = repoId;

    public string Commit { get; } = commit;

    public bool Completes { get; } = completes;

    /// <summary>From this size on, a file is a batch of its own.</summary>
    public long LargeFileBytes { get; } = largeFileBytes;

    public int Files { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Files this attempt leaves alone: stored before it, when it completes earlier work (none otherwise).</summary>
    public int DoneFiles { get; private set; }

    public long DoneBytes { get; private set; }

    public bool Selects(string path) => selects(path);

    /// <summary>Whether this attempt sends <paramref name="file"/> through the pipeline (a first run sends every file).</summary>
    public bool Wanted(SnapshotFile file) => !(Completes && file.Stored);

    internal void Count(SnapshotFile file)
    {
        Files++;
        Bytes += file.Size;
        if (!Wanted(file))
        {
            DoneFiles++;
            DoneBytes += file.Size;
        }
    }
}
