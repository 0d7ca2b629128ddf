using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Conventions;
using Npgsql;

namespace ModelHub.Persistence.Repositories;

/// <summary>
/// Which repository an id names, as the Hub would answer it: the repository of that id; else the one the id is a
/// former name of (an alias, learned from the upstream's redirect); else the one of that id in another case. The one
/// home of renames: a repository takes its new name and keeps the old one as an alias.
/// </summary>
public static class RepositoryNames
{
    /// <summary>The repository <paramref name="repoId"/> names now, or null; its <see cref="ModelRepository.RepoId"/> says whether it moved.</summary>
    public static async Task<ModelRepository?> FindAsync(
        this ModelHubDbContext db, RepoType type, string repoId, bool tracking, CancellationToken cancellationToken)
    {
        var repositories = tracking ? db.Repositories : db.Repositories.AsNoTracking();
        if (await repositories.Named(type, repoId).SingleOrDefaultAsync(cancellationToken) is { } named)
        {
            return named;
        }

        var key = KeyOf(repoId);
        return await repositories
            .Where(r => r.RepoType == type
                && (r.RepoId.ToLower() == key
                    || db.RepositoryAliases.Any(a => a.AliasKey == key && a.RepoType == type && a.RepositoryId == r.Id)))
            .OrderBy(r => r.RepoId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="formerId"/> now names <paramref name="current"/> (the latest redirect wins).
    /// Nothing is recorded for the repository's own name in another case: <see cref="FindAsync"/> finds that anyway.
    /// </summary>
    public static async Task RecordAliasAsync(
        this ModelHubDbContext db, RepoType type, string formerId, ModelRepository current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = KeyOf(formerId);
        if (key == KeyOf(current.RepoId))
        {
            return;
        }

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO model_repo_alias (alias_key, repo_type, repository_id, recorded_at)
            VALUES ({key}, {type.ToSnakeCase()}, {current.Id}, {now})
            ON CONFLICT (alias_key, repo_type) DO UPDATE SET repository_id = excluded.repository_id, recorded_at = excluded.recorded_at
            """,
            cancellationToken);
    }

    /// <summary>
    /// Renames a tracked repository to <paramref name="currentId"/>, its present name upstream, keeping the old one as
    /// an alias. Throws <see cref="RepositoryNameTakenException"/> when another repository of the type has that name.
    /// </summary>
    public static async Task RenameAsync(
        this ModelHubDbContext db, ModelRepository repository, string currentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var formerId = repository.RepoId;
        if (await db.Repositories.AsNoTracking().Named(repository.RepoType, currentId).AnyAsync(r => r.Id != repository.Id, cancellationToken))
        {
            throw new RepositoryNameTakenException(repository.RepoType, formerId, currentId);
        }

        repository.RepoId = currentId;
        repository.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            repository.RepoId = formerId;
            throw new RepositoryNameTakenException(repository.RepoType, formerId, currentId);
        }

        await db.RecordAliasAsync(repository.RepoType, formerId, repository, now, cancellationToken);
    }

    private static string KeyOf(string repoId) => repoId.ToLowerInvariant();
}
