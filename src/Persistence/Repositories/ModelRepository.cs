using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.Persistence.Repositories;

/// <summary>A Hugging Face repository registered for mirroring (table <c>model_repo</c>).</summary>
public sealed class ModelRepository
{
    public Guid Id { get; init; }

    /// <summary>
    /// The Hugging Face id, <c>org/name</c>, as the upstream spells it now: a repository renamed upstream is renamed
    /// here too, and its former names are kept as <see cref="RepositoryAlias"/>es.
    /// </summary>
    public required string RepoId { get; set; }

    /// <summary>A model or a dataset: with <see cref="RepoId"/>, what names the repository (one id may be both).</summary>
    public required RepoType RepoType { get; init; }

    public ModelRepositoryStatus Status { get; set; }

    public required string DefaultRevision { get; set; }

    public string? LastSyncedCommit { get; set; }

    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>A pinned repository's blobs are never evicted to keep the store under its quota.</summary>
    public bool Pinned { get; set; }

    /// <summary>Who may read its files (<see cref="RepositoryAccess"/>); serving reads this record, never the upstream.</summary>
    public RepositoryAccess Access { get; set; }

    /// <summary>An admin set <see cref="Access"/>: the upstream's answers no longer change it.</summary>
    public bool AccessSetByAdmin { get; set; }

    /// <summary>When the upstream last said (or an admin set) who may read it; null when nobody has.</summary>
    public DateTimeOffset? AccessCheckedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ModelArtifact> Artifacts { get; } = [];
}
