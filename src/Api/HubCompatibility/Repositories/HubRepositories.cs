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
/// A legacy, former or mis-cased id is answered with a redirect to the current name, as the Hub answers it.
/// </summary>
internal sealed class HubRepositories(
    ModelHubDbContext db, RepositoryRegistry registry, SyncOnDemand syncs, NotFoundAnswers notFound, IOptions<PullThroughOptions> options)
{
    /// <summary>The commit the revision resolves to, syncing it first (and waiting) when it is not synced yet.</summary>
    public async Task<(HubCommit? Commit, HubApiError? Error, HubRedirect? Moved)> ResolveAsync(
        RepoType type, string repoId, string? revision, CancellationToken cancellationToken)
    {
        var lookup = await LookUpAsync(type, repoId, revision, cancellationToken);
        if (lookup.Unsynced is not { } repo)
        {
            return (lookup.Commit, lookup.Error, lookup.Moved);
        }

        var (commit, error) = await SyncAndResolveAsync(repo, lookup.Wanted!, cancellationToken);
        return (commit, error, null);
    }

    /// <summary>
    /// What the records say of the revision, registering the repository first when pull-through may; an unsynced
    /// revision is left to the caller (<see cref="RevisionLookup.Unsynced"/>), unless the upstream said recently that it
    /// has no such thing.
    /// </summary>
    public async Task<RevisionLookup> LookUpAsync(RepoType type, string repoId, string? revision, CancellationToken cancellationToken)
    {
        var repo = await registry.FindAsync(type, repoId, cancellationToken);
        if (repo is null)
        {
            if (!options.Value.Enabled || !options.Value.AutoRegister || RepoIdRules.Validate(repoId) is not null)
            {
                return RevisionLookup.Failed(HubApiError.RepoNotFound(repoId));
            }

            if (notFound.Find(type, repoId, revision) is { } known)
            {
                return RevisionLookup.Failed(known);
            }

            var registration = await registry.FindOrRegisterAsync(type, repoId, RepositoryRegistry.DefaultRevision, cancellationToken);
            if (registration is not { Repository: { } registered })
            {
                var refused = ErrorOf(repoId, registration.Problem!);
                notFound.Remember(type, repoId, revision, refused);
                return RevisionLookup.Failed(refused);
            }

            repo = registered;
        }

        if (!string.Equals(repo.RepoId, repoId, StringComparison.Ordinal))
        {
            return new RevisionLookup(null, null, new HubRedirect(repo.RepoId));
        }

        var wanted = revision is null or "HEAD" ? repo.DefaultRevision : revision;
        if (RevisionName.Validate(wanted) is not null)
        {
            return RevisionLookup.Failed(HubApiError.RevisionNotFound(repo.RepoId, wanted));
        }

        if (await RevisionResolver.ResolveAsync(db, repo, wanted, cancellationToken) is { } commit)
        {
            return new RevisionLookup(new HubCommit(repo, wanted, commit), null, null);
        }

        if (!options.Value.Enabled)
        {
            return RevisionLookup.Failed(HubApiError.RevisionNotFound(repo.RepoId, wanted));
        }

        // A client retrying a revision (or repository) the upstream does not have is answered from memory for a while.
        return notFound.Find(type, repo.RepoId, wanted) is { } answered
            ? RevisionLookup.Failed(answered)
            : new RevisionLookup(null, null, null) { Unsynced = repo, Wanted = wanted };
    }

    /// <summary>
    /// Syncs an unsynced revision and waits for it (at most <see cref="PullThroughOptions.SyncWait"/>): the commit it
    /// resolves to then, or why not. A not-found is remembered.
    /// </summary>
    public async Task<(HubCommit? Commit, HubApiError? Error)> SyncAndResolveAsync(ModelRepository repo, string wanted, CancellationToken cancellationToken)
    {
        var error = await syncs.SyncAndWaitAsync(repo, wanted, cancellationToken);
        if (error is not null)
        {
            notFound.Remember(repo.RepoType, repo.RepoId, wanted, error);
            return (null, error);
        }

        // The sync recorded who may read it (and may have renamed it): answer from the row as it is now. The row as it was
        // before would tell a first caller a gated repository is public, and a ModelHub downstream would record that.
        var current = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == repo.Id, cancellationToken) ?? repo;
        return await RevisionResolver.ResolveAsync(db, current, wanted, cancellationToken) is { } synced
            ? (new HubCommit(current, wanted, synced), null)
            : (null, HubApiError.RevisionNotFound(current.RepoId, wanted));
    }

    private static HubApiError ErrorOf(string repoId, RegistrationProblem problem) => problem.Status switch
    {
        StatusCodes.Status404NotFound => HubApiError.RepoNotFound(repoId),
        StatusCodes.Status504GatewayTimeout => HubApiError.Unavailable(problem.Detail),
        _ => HubApiError.BadGateway(problem.Detail),
    };
}
