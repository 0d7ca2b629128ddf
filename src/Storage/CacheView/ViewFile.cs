using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage.CacheView;

/// <summary>
/// One stored file as the view shows it: <c>snapshots/{Commit}/{Path}</c> of the repository's folder, a link to
/// <c>blobs/{BlobName}</c> (its ETag), which is the store's blob <paramref name="Sha256"/>.
/// </summary>
public sealed record ViewFile(RepoType Type, string RepoId, string Commit, string Path, string BlobName, string Sha256);
