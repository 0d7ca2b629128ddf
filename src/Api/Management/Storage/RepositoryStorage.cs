using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Management.Storage;

/// <summary>One repository's share of the store, and what the scans found wrong with it.</summary>
internal sealed record RepositoryStorage(
    RepoType RepoType, string RepoId, bool Pinned, int StoredFiles, long StoredBytes, int CorruptFiles, int MissingFiles, int DownloadingFiles,
    DateTimeOffset? LastAccessedAt, DateTimeOffset? LastVerifiedAt);
