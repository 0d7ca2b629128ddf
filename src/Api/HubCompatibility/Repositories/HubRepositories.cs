using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;

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
    public async Task<(HubCommit? Commit, HubApiError? Error, HubRedirect? Moved)> ResolveAsync(
        RepoType type, string repoId, string? revision, CancellationToken cancellationToken)
    {
        var repo = await registry.FindAsync(type, repoId, cancellationToken);
        if (repo is null)
        {
            if (!options.Value.Enabled || !options.Value.AutoRegister || RepoIdRules.Validate(repoId) is not null)
            {
                return (null, HubApiError.RepoNotFound(repoId), null);
            }

            if (notFound.Find(type, repoId, revision) is { } known)
            {
                return (null, known, null);
            }

            var registration = await registry.FindOrRegisterAsync(type, repoId, RepositoryRegistry.DefaultRevision, cancellationToken);
            if (registration is not { Repository: { } registered })
            {
                var refused = ErrorOf(repoId, registration.Problem!);
                notFound.Remember(type, repoId, revision, refused);
                return (null, refused, null);
            }

            repo = registered;
        }

        if (!string.Equals(repo.RepoId, repoId, StringComparison.Ordinal))
        {
            return (null, null, new HubRedirect(repo.RepoId));
        }

        var wanted = revision is null or "HEAD" ? repo.DefaultRevision : revision;
        if (RevisionName.Validate(wanted) is not null)
        {
            return (null, HubApiError.RevisionNotFound(repo.RepoId, wanted), null);
        }

        if (await RevisionResolver.ResolveAsync(db, repo, wanted, cancellationToken) is { } commit)
        {
            return (new HubCommit(repo, wanted, commit), null, null);
        }

        if (!options.Value.Enabled)
        {
            return (null, HubApiError.RevisionNotFound(repo.RepoId, wanted), null);
        }

        // A client retrying a revision (or repository) the upstream does not have is answered from memory for a while.
        if (notFound.Find(type, repo.RepoId, wanted) is { } answered)
        {
            return (null, answered, null);
        }

        var error = await syncs.SyncAndWaitAsync(repo, wanted, cancellationToken);
        if (error is not null)
        {
            notFound.Remember(type, repo.RepoId, wanted, error);
            return (null, error, null);
        }

        return await RevisionResolver.ResolveAsync(db, repo, wanted, cancellationToken) is { } synced
            ? (new HubCommit(repo, wanted, synced), null, null)
            : (null, HubApiError.RevisionNotFound(repo.RepoId, wanted), null);
    }

    private static HubApiError ErrorOf(string repoId, RegistrationProblem problem) => problem.Status switch
    {
        StatusCodes.Status404NotFound => HubApiError.RepoNotFound(repoId),
        StatusCodes.Status504GatewayTimeout => HubApiError.Unavailable(problem.Detail),
        _ => HubApiError.BadGateway(problem.Detail),
    };
}
