using Microsoft.EntityFrameworkCore;
using ModelHub.ServiceDefaults.Conventions;
using Npgsql;
using NpgsqlTypes;

namespace ModelHub.Persistence.Artifacts;

/// <summary>
/// The one way an artifact is recorded as stored, and the status changes of a fetch around it. Every
/// writer (a download, a pull-through, a sync's small files, an import, a reconcile) sets the same
/// fields, one artifact or thousands in one statement.
/// </summary>
public static class ArtifactRecords
{
    // Stored counts as a use: the quota evicts the least recently used blobs first. verified_at is the verify
    // scan's alone: it says when a blob was last re-hashed at rest, which no ingest does.
    private const string RecordStoredSql = """
        UPDATE model_artifact AS a
        SET status = @completed, content_hash = u.hash, local_path = u.local, downloaded_at = @now, last_accessed_at = @now, updated_at = @now
        FROM unnest(@ids, @hashes, @locals) AS u(id, hash, local)
        WHERE a.id = u.id
        """;

    public static async Task RecordStoredAsync(
        this ModelHubDbContext db, IReadOnlyCollection<StoredArtifact> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(RecordStoredSql,
        [
            new NpgsqlParameter("completed", ArtifactStatus.Completed.ToSnakeCase()),
            new NpgsqlParameter("now", now),
            new NpgsqlParameter("ids", stored.Select(s => s.ArtifactId).ToArray()),
            new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = stored.Select(s => s.Sha256).ToArray() },
            new NpgsqlParameter("locals", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = stored.Select(s => s.LocalPath).ToArray() },
        ], cancellationToken);
    }

    /// <summary>A fetch of the artifact's bytes has begun.</summary>
    public static Task MarkDownloadingAsync(this ModelHubDbContext db, Guid artifactId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Artifacts.Where(a => a.Id == artifactId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Status, ArtifactStatus.Downloading).SetProperty(a => a.UpdatedAt, now), cancellationToken);

    /// <summary>
    /// A fetch ended without storing the bytes: <paramref name="status"/> is <c>failed</c> when they broke their
    /// promise, otherwise what the artifact was before. Only while it still says downloading, so a worker that
    /// lost its lock cannot undo what the one that took over recorded.
    /// </summary>
    public static Task<int> EndFetchAsync(
        this ModelHubDbContext db, Guid artifactId, ArtifactStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Artifacts.Where(a => a.Id == artifactId && a.Status == ArtifactStatus.Downloading).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Status, status).SetProperty(a => a.UpdatedAt, now), cancellationToken);

    /// <summary>Fetches that failed, in one statement (a sync's small files).</summary>
    public static Task<int> MarkFailedAsync(this ModelHubDbContext db, IReadOnlyCollection<Guid> artifactIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        artifactIds.Count == 0
            ? Task.FromResult(0)
            : db.Artifacts.Where(a => artifactIds.Contains(a.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(a => a.Status, ArtifactStatus.Failed).SetProperty(a => a.UpdatedAt, now), cancellationToken);
}
