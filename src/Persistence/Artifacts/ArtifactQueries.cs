using Microsoft.EntityFrameworkCore;

namespace ModelHub.Persistence.Artifacts;

public static class ArtifactQueries
{
    /// <summary>
    /// The SHA-256 of content already stored for these git blob ids (non-LFS files): the same git blob
    /// id means the same bytes, in any repository, so the bytes need not be fetched again.
    /// </summary>
    public static async Task<Dictionary<string, string>> StoredContentByGitOidAsync(
        this IQueryable<ModelArtifact> artifacts, IReadOnlyCollection<string> gitOids, CancellationToken cancellationToken)
    {
        if (gitOids.Count == 0)
        {
            return [];
        }

        var known = await artifacts.AsNoTracking()
            .Where(a => a.Status == ArtifactStatus.Completed && a.ContentHash != null && a.LfsSha256 == null && gitOids.Contains(a.GitBlobOid!))
            .Select(a => new { a.GitBlobOid, a.ContentHash })
            .ToListAsync(cancellationToken);
        return known.DistinctBy(k => k.GitBlobOid).ToDictionary(k => k.GitBlobOid!, k => k.ContentHash!);
    }
}
