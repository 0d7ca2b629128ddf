using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Repositories;

internal sealed record RepositoryResponse(
    Guid Id,
    string RepoId,
    string RepoType,
    ModelRepositoryStatus Status,
    string DefaultRevision,
    string? LastSyncedCommit,
    DateTimeOffset? LastSyncedAt,
    bool Pinned,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ArtifactSummary Artifacts)
{
    public static RepositoryResponse From(ModelRepository repo, ArtifactSummary artifacts) =>
        new(repo.Id, repo.RepoId, repo.RepoType, repo.Status, repo.DefaultRevision, repo.LastSyncedCommit,
            repo.LastSyncedAt, repo.Pinned, repo.CreatedAt, repo.UpdatedAt, artifacts);
}

/// <summary>The files of the last synced commit: how many, how large, and how much of it is stored.</summary>
internal sealed record ArtifactSummary(int Files, long TotalBytes, int StoredFiles, long StoredBytes, IReadOnlyDictionary<string, int> ByStatus)
{
    public static readonly ArtifactSummary Empty = new(0, 0, 0, 0, new Dictionary<string, int>());
}

internal sealed record RepositoryPage(IReadOnlyList<RepositoryResponse> Items, string? NextCursor);
