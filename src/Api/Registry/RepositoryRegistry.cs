using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Upstream;
using Npgsql;

namespace ModelHub.Api.Registry;

/// <summary>
/// Finds a registered repository or registers it, safely under concurrent requests, by the name the upstream gives
/// it now: a legacy or former id is kept as an alias of the current name, a mis-cased one finds it as it is spelled.
/// </summary>
internal sealed class RepositoryRegistry(ModelHubDbContext db, UpstreamNames upstreamNames, TimeProvider clock)
{
    /// <summary>The revision a repository is registered with when nobody names one.</summary>
    public const string DefaultRevision = "main";

    /// <summary>The repository <paramref name="repoId"/> names now (its own, a former or a mis-cased name), asking nobody.</summary>
    public Task<ModelRepository?> FindAsync(RepoType type, string repoId, CancellationToken cancellationToken) =>
        db.FindAsync(type, repoId, tracking: false, cancellationToken);

    /// <summary>
    /// The repository a valid id names, registering it when nobody has. An <c>org/name</c> id is registered as it is,
    /// without waiting on the upstream: its sync follows a rename (the Hub's 307) and records the new name. A legacy id
    /// without a namespace cannot be recorded as it is, so the upstream is asked which repository it names now, and
    /// that one is found or registered, with the legacy id as its alias; when the upstream cannot say, it is refused.
    /// </summary>
    public async Task<Registration> FindOrRegisterAsync(RepoType type, string repoId, string defaultRevision, CancellationToken cancellationToken)
    {
        if (await FindAsync(type, repoId, cancellationToken) is { } known)
        {
            return new Registration(known, false, null);
        }

        if (RepoIdRules.HasNamespace(repoId))
        {
            var (registered, created) = await InsertAsync(type, repoId, defaultRevision, cancellationToken);
            return new Registration(registered, created, null);
        }

        var upstream = await upstreamNames.AskAsync(new HubRepo(type, repoId), cancellationToken);
        if (upstream.CurrentId is not { } currentId || !RepoIdRules.HasNamespace(currentId))
        {
            return new Registration(null, false, upstream.Problem ?? RegistrationProblem.NoNamespace(repoId, upstream.CurrentId ?? repoId));
        }

        var (repo, isNew) = await FindAsync(type, currentId, cancellationToken) is { } current
            ? (current, false)
            : await InsertAsync(type, currentId, defaultRevision, cancellationToken);
        await db.RecordAliasAsync(type, repoId, repo, clock.GetUtcNowForDatabase(), cancellationToken);
        return new Registration(repo, isNew, null);
    }

    private async Task<(ModelRepository Repository, bool Created)> InsertAsync(
        RepoType type, string repoId, string defaultRevision, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        var repo = new ModelRepository
        {
            Id = Guid.CreateVersion7(now),
            RepoId = repoId,
            RepoType = type,
            Status = ModelRepositoryStatus.Registered,
            DefaultRevision = defaultRevision,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Repositories.Add(repo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (repo, true);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone registered the same id between our look-up and our insert: theirs stands.
            db.ChangeTracker.Clear();
            return ((await db.Repositories.AsNoTracking().Named(type, repoId).SingleAsync(cancellationToken)), false);
        }
    }
}
