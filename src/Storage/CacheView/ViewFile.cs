using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage.CacheView;

/// <summary>
/// One stored file as the view shows it: <c>snapshots/{Commit}/{Path}</c> of the repository's folder, a link to
/// <c>blobs/{BlobName}</c> (its ETag), which is the store's blob <paramref name="Sha256"/>.
/// </summary>
public sealed record ViewFile(RepoType Type, string RepoId, string Commit, string Path, string BlobName, string Sha256)
{
    /// <summary>The repository's folder in the view: <c>models--org--name</c> or <c>datasets--org--name</c>.</summary>
    public string Folder => HfCacheNames.RepositoryFolder(Type, RepoId);

    /// <summary>The blob's place in <see cref="Folder"/>, as a walk of the view names it.</summary>
    public string BlobEntry => $"blobs/{BlobName}";

    /// <summary>The snapshot link's place in <see cref="Folder"/>, as a walk of the view names it.</summary>
    public string LinkEntry => $"snapshots/{Commit}/{Path}";

    /// <summary>What the snapshot link points at.</summary>
    public string LinkTarget => HfCacheNames.SnapshotLinkTarget(Path, BlobName);

    /// <summary>
    /// An artifact stored as <paramref name="sha256"/> as the view shows it; null when it has no ETag to name its blob by
    /// (neither an LFS SHA-256 nor a git blob id) or its repository's id makes no cache folder name.
    /// </summary>
    public static ViewFile? Of(RepoType type, string repoId, string commit, string path, string? lfsSha256, string? gitBlobOid, string sha256) =>
        HfCacheNames.BlobName(lfsSha256, gitBlobOid) is { } blobName && HfCacheView.CanShow(type, repoId)
            ? new ViewFile(type, repoId, commit, path, blobName, sha256)
            : null;
}
