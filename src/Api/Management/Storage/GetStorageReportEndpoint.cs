using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Storage;

internal static class GetStorageReportEndpoint
{
    public static async Task<Ok<StorageReport>> HandleAsync(ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var blobs = await db.Database.SqlQuery<BlobTotals>($"""
            SELECT count(*)::int AS blobs, coalesce(sum(size), 0)::bigint AS bytes,
                   count(*) FILTER (WHERE verified_at IS NULL)::int AS never_verified, min(verified_at) AS oldest_verification
            FROM (SELECT content_hash, max(size) AS size, max(verified_at) AS verified_at
                  FROM model_artifact WHERE status = 'completed' AND content_hash IS NOT NULL GROUP BY content_hash) AS blob
            """).SingleAsync(cancellationToken);

        var byStatus = await db.Artifacts.GroupBy(a => a.Status).Select(g => new { Status = g.Key, Files = g.Count(), Bytes = g.Sum(a => a.Size) })
            .ToListAsync(cancellationToken);
        var completed = byStatus.SingleOrDefault(s => s.Status == ArtifactStatus.Completed);
        var store = new StoreTotals(blobs.Blobs, blobs.Bytes, completed?.Files ?? 0, completed?.Bytes ?? 0, (completed?.Bytes ?? 0) - blobs.Bytes);

        var reports = await db.ScanReports.AsNoTracking().ToListAsync(cancellationToken);
        var repositories = await RepositoriesAsync(db, cancellationToken);
        return TypedResults.Ok(new StorageReport(
            store,
            Enum.GetValues<RepoType>().ToDictionary(t => t.ToSnakeCase(), t => TotalsOf(repositories.Where(r => r.RepoType == t).ToList())),
            byStatus.ToDictionary(s => s.Status.ToSnakeCase(), s => s.Files),
            byStatus.SingleOrDefault(s => s.Status == ArtifactStatus.Downloading)?.Files ?? 0,
            blobs.OldestVerification,
            blobs.NeverVerified,
            repositories,
            reports.ToDictionary(r => r.Mode, r => JsonDocument.Parse(r.Report).RootElement.Clone())));
    }

    private static async Task<List<RepositoryStorage>> RepositoriesAsync(ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var perRepo = await db.Artifacts.GroupBy(a => a.RepositoryId).Select(g => new
        {
            Id = g.Key,
            StoredFiles = g.Count(a => a.Status == ArtifactStatus.Completed),
            StoredBytes = g.Where(a => a.Status == ArtifactStatus.Completed).Sum(a => a.Size),
            Corrupt = g.Count(a => a.Status == ArtifactStatus.Corrupt),
            Missing = g.Count(a => a.Status == ArtifactStatus.Missing),
            Downloading = g.Count(a => a.Status == ArtifactStatus.Downloading),
            LastAccessedAt = g.Max(a => a.LastAccessedAt ?? a.DownloadedAt),
            LastVerifiedAt = g.Max(a => a.VerifiedAt),
        }).ToDictionaryAsync(r => r.Id, cancellationToken);

        var repos = await db.Repositories.AsNoTracking().Select(r => new { r.Id, r.RepoType, r.RepoId, r.Pinned }).ToListAsync(cancellationToken);
        return [.. repos
            .Select(r => perRepo.TryGetValue(r.Id, out var s)
                ? new RepositoryStorage(r.RepoType, r.RepoId, r.Pinned, s.StoredFiles, s.StoredBytes, s.Corrupt, s.Missing, s.Downloading, s.LastAccessedAt, s.LastVerifiedAt)
                : new RepositoryStorage(r.RepoType, r.RepoId, r.Pinned, 0, 0, 0, 0, 0, null, null))
            .OrderByDescending(r => r.StoredBytes).ThenBy(r => r.RepoId, StringComparer.Ordinal)];
    }

    private static TypeTotals TotalsOf(List<RepositoryStorage> repositories) =>
        new(repositories.Count, repositories.Sum(r => r.StoredFiles), repositories.Sum(r => r.StoredBytes));

    private sealed record BlobTotals(int Blobs, long Bytes, int NeverVerified, DateTimeOffset? OldestVerification);
}
