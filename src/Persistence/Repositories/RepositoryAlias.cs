using ModelHub.Contracts.Repositories;

namespace ModelHub.Persistence.Repositories;

/// <summary>
/// A name a repository had, or a legacy id without a namespace, that the upstream redirects to the repository's
/// current name (table <c>model_repo_alias</c>). ModelHub answers it as the Hub does: with a redirect.
/// </summary>
public sealed class RepositoryAlias
{
    /// <summary>The former id in lower case: the Hub redirects a name in any case.</summary>
    public required string AliasKey { get; init; }

    public required RepoType RepoType { get; init; }

    public Guid RepositoryId { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
