using Microsoft.Extensions.Options;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Who may read a repository, from its record alone (learned at sync, or set by an admin): serving never waits on
/// the upstream. A repository whose access nobody could tell (an import on an air-gapped site) follows
/// <see cref="HubApiOptions.UnknownAccess"/>. Each look also lets <see cref="AccessRefresher"/> ask the upstream,
/// in the background, whether something changed.
/// </summary>
internal sealed class AccessPolicy(IOptions<HubApiOptions> options, AccessRefresher refresher)
{
    public RepositoryAccess Of(ModelRepository repository, string commit)
    {
        refresher.RefreshIfDue(repository, commit);
        return repository.Access == RepositoryAccess.Unknown ? options.Value.UnknownAccess : repository.Access;
    }

    /// <summary>Gated or private: its files go only to callers with a read token.</summary>
    public bool IsRestricted(ModelRepository repository, string commit) => Of(repository, commit) is RepositoryAccess.Gated or RepositoryAccess.Private;
}
