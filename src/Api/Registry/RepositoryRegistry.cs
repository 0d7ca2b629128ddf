using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;
using Npgsql;

namespace ModelHub.Api.Registry;

/// <summary>Finds a registered repository or registers it, safely under concurrent requests.</summary>
internal sealed class RepositoryRegistry(ModelHubDbContext db, TimeProvider clock)
{
    /// <summary>The revision a repository is registered with when nobody names one.</summary>
    public const string DefaultRevision = "main";

    public Task<ModelRepository?> FindAsync(RepoType type, string repoId, CancellationToken cancellationToken) =>
        db.Repositories.AsNoTracking().Named(type, repoId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Returns the repository and whether this call created it. The id must be valid.</summary>
    public async Task<(ModelRepository Repository, bool Created)> FindOrRegisterAsync(
        RepoType type, string repoId, string defaultRevision, CancellationToken cancellationToken)
    {
        if (await FindAsync(type, repoId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

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
            return ((await FindAsync(type, repoId, cancellationToken))!, false);
        }
    }
}
