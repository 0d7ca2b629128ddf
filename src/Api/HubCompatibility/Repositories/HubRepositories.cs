using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>
/// Which registered repository and synced commit a Hub request means. <c>HEAD</c> is the default
/// branch. A registered repository's unsynced revision is synced on demand (pull-through);
/// an unregistered repository is registered first only when <c>PullThrough:AutoRegister</c> is on.
/// </summary>
internal sealed class HubRepositories(
    ModelHubDbContext db, RepositoryRegistry registry, SyncOnDemand syncs, IOptions<PullThroughOptions> options)
{
    public async Task<(HubCommit? Commit, HubApiError? Error)> ResolveAsync(
        RepoType type, string org, string name, string? revision, CancellationToken cancellationToken)
    {
        var repoId = $"{org}/{name}";
        var repo = await db.Repositories.AsNoTracking().Named(type, repoId).SingleOrDefaultAsync(cancellationToken);
        if (repo is null)
        {
            if (!options.Value.Enabled || !options.Value.AutoRegister || RepoId.Validate(repoId) is not null)
            {
                return (null, HubApiError.RepoNotFound(repoId));
            }

            (repo, _) = await registry.FindOrRegisterAsync(type, repoId, RepositoryRegistry.DefaultRevision, cancellationToken);
        }

        var wanted = revision is null or "HEAD" ? repo.DefaultRevision : revision;
        if (RevisionName.Validate(wanted) is not null)
        {
            return (null, HubApiError.RevisionNotFound(repo.RepoId, wanted));
        }

        if (await RevisionResolver.ResolveAsync(db, repo, wanted, cancellationToken) is { } commit)
        {
            return (new HubCommit(repo, wanted, commit), null);
        }

        if (!options.Value.Enabled)
        {
            return (null, HubApiError.RevisionNotFound(repo.RepoId, wanted));
        }

        var error = await syncs.SyncAndWaitAsync(repo, wanted, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        return await RevisionResolver.ResolveAsync(db, repo, wanted, cancellationToken) is { } synced
            ? (new HubCommit(repo, wanted, synced), null)
            : (null, HubApiError.RevisionNotFound(repo.RepoId, wanted));
    }
}
