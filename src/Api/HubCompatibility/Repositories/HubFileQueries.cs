using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>The file rows of a resolved commit, as the Hub routes read them.</summary>
internal static class HubFileQueries
{
    /// <summary>The files of the resolved commit (those matching <paramref name="filter"/>), ordered by path.</summary>
    public static Task<List<HubFile>> OfCommitAsync(
        ModelHubDbContext db, HubCommit resolved, CancellationToken cancellationToken, Expression<Func<ModelArtifact, bool>>? filter = null)
    {
        var files = db.Artifacts.AsNoTracking().Where(a => a.RepositoryId == resolved.Repository.Id && a.Commit == resolved.Commit);
        if (filter is not null)
        {
            files = files.Where(filter);
        }

        return files.OrderBy(a => a.Path)
            .Select(a => new HubFile(a.Id, a.Path, a.Size, a.GitBlobOid, a.LfsSha256, a.ContentHash))
            .ToListAsync(cancellationToken);
    }
}
