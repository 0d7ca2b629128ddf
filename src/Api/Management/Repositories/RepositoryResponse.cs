using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Management.Repositories;

internal sealed record RepositoryResponse(
    Guid Id,
    string RepoId,
    RepoType RepoType,
    ModelRepositoryStatus Status,
    string DefaultRevision,
    string? LastSyncedCommit,
    DateTimeOffset? LastSyncedAt,
    bool Pinned,
    RepositoryAccess Access,
    bool AccessSetByAdmin,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ArtifactSummary Artifacts)
{
    public static RepositoryResponse From(ModelRepository repo, ArtifactSummary artifacts) =>
        new(repo.Id, repo.RepoId, repo.RepoType, repo.Status, repo.DefaultRevision, repo.LastSyncedCommit,
            repo.LastSyncedAt, repo.Pinned, repo.Access, repo.AccessSetByAdmin, repo.CreatedAt, repo.UpdatedAt, artifacts);
}
